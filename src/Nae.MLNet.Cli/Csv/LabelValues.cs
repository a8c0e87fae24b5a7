using System.Globalization;

namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// The label column's values and which one marks an anomaly: the one given by <c>--anomaly-value</c>; else 1 when the
/// values are 0 and 1, the "true" word for yes/no values, and otherwise the rarer of two values; with the reason, which
/// the column table and the report show. A label with more than two values, or with one, is an error that lists them.
/// </summary>
internal static class LabelValues
{
    private static readonly string[] TrueWords = { "true", "yes", "y", "t" };

    /// <summary>The anomaly value of <paramref name="plan"/>'s label column in <paramref name="csv"/>.</summary>
    /// <exception cref="CliDataException">The label is empty in a row, has not two values, or <paramref name="given"/> is not one of them.</exception>
    public static (string Value, string Reason) ChooseAnomalyValue(CsvRecords csv, ColumnPlan plan, string? given) =>
        ChooseAnomalyValue(csv, plan.HasHeader, plan.Find(plan.LabelColumn!)!.Index, plan.LabelColumn!, given);

    /// <summary>The anomaly value of the label in field <paramref name="field"/> of <paramref name="csv"/>.</summary>
    public static (string Value, string Reason) ChooseAnomalyValue(CsvRecords csv, bool hasHeader, int field, string name, string? given)
    {
        var counts = Count(csv, hasHeader, field, name);
        string list = string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10).Select(c => $"'{c.Key}' ({c.Value} rows)")) + (counts.Count > 10 ? ", …" : "");
        if (given is not null)
            return counts.ContainsKey(given) ? (given, "given by --anomaly-value")
                : throw new CliDataException($"--anomaly-value '{given}' does not occur in label column '{name}'; its values are {list}.");
        if (counts.Count > 2)
            throw new CliDataException($"Label column '{name}' has {counts.Count} values ({list}); an anomaly label has two. Pass --anomaly-value to mark one value as the anomaly, or choose another --label-col.");
        if (counts.Count < 2)
            throw new CliDataException($"Label column '{name}' has the single value {list}: no row is marked as an anomaly. Drop --label-col to select without labels.");
        var values = counts.Keys.ToList();
        if (values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d is 0 or 1))
            return (values.First(v => double.Parse(v, CultureInfo.InvariantCulture) == 1), "1 of a 0/1 label");
        var truthy = values.Where(v => TrueWords.Contains(v.ToLowerInvariant())).ToList();
        if (truthy.Count == 1 && values.Any(v => v.ToLowerInvariant() is "false" or "no" or "n" or "f")) return (truthy[0], "the true value of a yes/no label");
        var rarer = counts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
        return (rarer.Key, string.Create(CultureInfo.InvariantCulture,
            $"the rarer of two values ({100.0 * rarer.Value / counts.Values.Sum():F1} % of rows); --anomaly-value changes it"));
    }

    /// <summary>1 for rows whose label is <paramref name="anomalyValue"/>, 0 otherwise, for the data records of <paramref name="csv"/>.</summary>
    public static bool[] Labels(CsvRecords csv, ColumnPlan plan, string anomalyValue) =>
        Labels(csv, plan.HasHeader, plan.Find(plan.LabelColumn!)!.Index, anomalyValue);

    /// <summary>1 for rows whose field <paramref name="field"/> is <paramref name="anomalyValue"/>, 0 otherwise.</summary>
    public static bool[] Labels(CsvRecords csv, bool hasHeader, int field, string anomalyValue)
    {
        int start = hasHeader ? 1 : 0;
        return Enumerable.Range(start, csv.Raw.Count - start).Select(r => csv.Fields(r)[field] == anomalyValue).ToArray();
    }

    private static Dictionary<string, int> Count(CsvRecords csv, bool hasHeader, int field, string name)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int start = hasHeader ? 1 : 0;
        for (int r = start; r < csv.Raw.Count; r++)
        {
            string value = csv.Fields(r)[field];
            if (MissingValues.IsMissing(value))
                throw new CliDataException($"{csv.Path}, record {r + 1}: label column '{name}' is empty; every row needs a label (or drop --label-col).");
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        return counts;
    }
}
