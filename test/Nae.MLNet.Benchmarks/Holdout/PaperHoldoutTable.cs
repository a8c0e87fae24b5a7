using System.Globalization;
using System.Text.RegularExpressions;

namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>
/// The published MNIST hold-out AUROCs, read from ../shared/datasets/published-results/README.md §5: the NAE paper's
/// Table 1 rows (NAE-OMI, AE, ...) per digit, and MPDR-R's digit-9 value quoted by the MPDR authors.
/// </summary>
public sealed partial class PaperHoldoutTable
{
    private readonly Dictionary<string, double[]> _rows;

    private PaperHoldoutTable(Dictionary<string, double[]> rows) => _rows = rows;

    /// <summary>An empty table (no published numbers found).</summary>
    public static PaperHoldoutTable Empty { get; } = new(new Dictionary<string, double[]>());

    /// <summary>Reads the table; an empty one when the README is missing or has no such rows.</summary>
    public static PaperHoldoutTable Load(string? datasetsRoot)
    {
        string? path = datasetsRoot is null ? null : Path.Combine(datasetsRoot, "published-results", "README.md");
        if (path is null || !File.Exists(path)) return Empty;
        var rows = new Dictionary<string, double[]>();
        foreach (var line in File.ReadLines(path))
        {
            var row = TableRow().Match(line);
            if (row.Success)
            {
                var cells = row.Groups[2].Value.Split('|').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
                if (cells.Length >= 10) rows[row.Groups[1].Value] = cells.Take(10).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            }
            var mpdr = MpdrDigitNine().Match(line);
            if (mpdr.Success)
            {
                var values = Enumerable.Repeat(double.NaN, 10).ToArray();
                values[9] = double.Parse(mpdr.Groups[1].Value, CultureInfo.InvariantCulture);
                rows["MPDR-R"] = values;
            }
        }
        return new PaperHoldoutTable(rows);
    }

    /// <summary>True when any published row was found.</summary>
    public bool HasRows => _rows.Count > 0;

    /// <summary>The published AUROC of <paramref name="method"/> (NAE-OMI, AE, MPDR-R, ...) for <paramref name="digit"/>, or NaN.</summary>
    public double Get(string method, int digit) => _rows.TryGetValue(method, out var values) ? values[digit] : double.NaN;

    /// <summary>The mean over the ten digits, or NaN when any is missing.</summary>
    public double Mean(string method) => _rows.TryGetValue(method, out var values) ? values.Average() : double.NaN;

    [GeneratedRegex(@"^\s*\|\s*([A-Za-z0-9()+\-]+)\s*\|((\s*\.\d+\s*\|){10,11})\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"MNIST hold-out digit 9 AUROC: MPDR-R (\.\d+)")]
    private static partial Regex MpdrDigitNine();
}
