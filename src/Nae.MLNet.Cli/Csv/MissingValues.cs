using System.Globalization;

namespace Nae.MLNet.Cli.Csv;

/// <summary>The cell texts read as missing, and number parsing in the invariant culture (or with a decimal comma).</summary>
internal static class MissingValues
{
    private static readonly HashSet<string> Tokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "None", "?" };

    /// <summary>Whether <paramref name="cell"/> is a missing value ("", NA, N/A, NaN, null, None or ?).</summary>
    public static bool IsMissing(string cell) => Tokens.Contains(cell);

    /// <summary>Whether <paramref name="cell"/> is a finite number with <paramref name="decimalMarker"/> ('.' or ',').</summary>
    public static bool IsNumber(string cell, char decimalMarker)
    {
        if (decimalMarker == ',')
        {
            if (cell.Contains('.')) return false;
            cell = cell.Replace(',', '.');
        }
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value);
    }
}
