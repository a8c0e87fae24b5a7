using System.Globalization;

namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// Infers a <see cref="ColumnPlan"/> from a CSV file, as ML.NET AutoML's column inference does, with rules for anomaly
/// detection: numbers are features; booleans and strings with at most <see cref="MaxLevels"/> levels are one-hot
/// features; identifiers, free text, constant and empty columns are ignored (the networks model a density over
/// numbers, and such columns carry none). Types are read off the first <see cref="SampleRows"/> rows; every row is
/// then checked (a cell that does not fit its column's type is an error that names the row and the column).
/// </summary>
internal static class ColumnInference
{
    /// <summary>Rows read to decide each column's type (as AutoML).</summary>
    public const int SampleRows = 1000;

    /// <summary>Most distinct strings a categorical column may have.</summary>
    public const int MaxLevels = 50;

    private static readonly HashSet<string> BooleanWords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "y", "n", "t", "f" };

    /// <summary>Infers the plan of <paramref name="csv"/>.</summary>
    /// <param name="csv">The file's records.</param>
    /// <param name="hasHeader">Whether the first record names the columns (null: detected).</param>
    /// <param name="labelColumn">The label column's name, or null.</param>
    /// <param name="anomalyValue">The label value that marks an anomaly (null: inferred, see <see cref="LabelValues"/>).</param>
    /// <param name="ignore">Columns the user excluded.</param>
    /// <exception cref="CliDataException">A column is unknown, a row is malformed, or no column can be a feature.</exception>
    public static ColumnPlan Infer(CsvRecords csv, bool? hasHeader, string? labelColumn, string? anomalyValue, IReadOnlyCollection<string> ignore)
    {
        var first = csv.Fields(0);
        bool header = hasHeader ?? LooksLikeHeader(csv);
        var names = header ? Names(first, csv.Path) : first.Select((_, i) => $"col{i}").ToArray();
        CheckNamed(names, labelColumn, "--label-col", csv.Path);
        foreach (var name in ignore) CheckNamed(names, name, "--ignore-cols", csv.Path);
        int start = header ? 1 : 0;
        if (csv.Raw.Count <= start) throw new CliDataException($"{csv.Path}: the file has a header but no rows.");
        var sample = Enumerable.Range(start, Math.Min(SampleRows, csv.Raw.Count - start)).Select(i => CheckedFields(csv, i, names.Length)).ToList();
        char decimalMarker = DecimalMarker(csv.Separator, sample, names.Length);

        var columns = names.Select((name, i) => name == labelColumn
                ? new ColumnInfo(name, i, ColumnPurpose.Label, "label")
                : ignore.Contains(name)
                    ? new ColumnInfo(name, i, ColumnPurpose.Ignored, "--ignore-cols")
                    : Classify(name, i, sample.Select(r => r[i]).ToList(), decimalMarker))
            .ToList();
        var plan = new ColumnPlan(csv.Separator, header, decimalMarker, columns, labelColumn, null);
        CsvValidation.CheckAll(csv, plan);
        if (plan.Of(ColumnPurpose.Numeric).Count + plan.Of(ColumnPurpose.Categorical).Count == 0)
            throw new CliDataException($"{csv.Path}: no column can be a feature: " +
                string.Join("; ", columns.Select(c => $"{c.Name} ({c.Reason})")) + ".");
        if (labelColumn is null) return plan;
        var (value, reason) = LabelValues.ChooseAnomalyValue(csv, plan, anomalyValue);
        var label = plan.Find(labelColumn)!;
        return plan with
        {
            AnomalyValue = value,
            Columns = columns.Select(c => c == label ? c with { Reason = $"'{value}' = anomaly: {reason}" } : c).ToList(),
        };
    }

    /// <summary>A header when no field of the first record is a number while some column below holds numbers, or when
    /// every record is text and the first one's fields are all distinct names (ML.NET's mlnet assumes a header too).</summary>
    private static bool LooksLikeHeader(CsvRecords csv)
    {
        var first = csv.Fields(0);
        if (first.Any(f => MissingValues.IsNumber(f, '.') || MissingValues.IsNumber(f, ','))) return false;
        if (csv.Raw.Count == 1) return true;
        var second = csv.Fields(1);
        return second.Any(f => MissingValues.IsNumber(f, '.') || MissingValues.IsNumber(f, ',')) || first.Distinct().Count() == first.Length;
    }

    private static string[] Names(string[] header, string path)
    {
        var names = header.Select((n, i) => n.Length > 0 ? n : $"col{i}").ToArray();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CliDataException($"{path}: the header names column '{duplicate.Key}' twice; column names must be unique.");
        return names;
    }

    private static void CheckNamed(string[] names, string? name, string option, string path)
    {
        if (name is not null && !names.Contains(name))
            throw new CliDataException($"{option} '{name}' is not a column of {path}; its columns are: {string.Join(", ", names)}.");
    }

    /// <summary>A record's fields, after checking it has the header's field count.</summary>
    public static string[] CheckedFields(CsvRecords csv, int record, int expected)
    {
        var fields = csv.Fields(record);
        if (fields.Length != expected)
            throw new CliDataException($"{csv.Path}, record {record + 1}: {fields.Length} fields where the first record has {expected} (separator '{Show(csv.Separator)}'); quote fields that contain the separator.");
        return fields;
    }

    /// <summary>',' when the separator is not ',' and some column's cells read as numbers only with a decimal comma.</summary>
    private static char DecimalMarker(char separator, List<string[]> sample, int columns)
    {
        if (separator == ',') return '.';
        for (int c = 0; c < columns; c++)
        {
            var cells = sample.Select(r => r[c]).Where(v => !MissingValues.IsMissing(v)).ToList();
            if (cells.Count > 0 && cells.Any(v => v.Contains(',')) && cells.All(v => MissingValues.IsNumber(v, ','))) return ',';
        }
        return '.';
    }

    private static ColumnInfo Classify(string name, int index, List<string> cells, char decimalMarker)
    {
        var present = cells.Where(v => !MissingValues.IsMissing(v)).ToList();
        if (present.Count == 0) return new ColumnInfo(name, index, ColumnPurpose.Ignored, "empty");
        int missing = cells.Count - present.Count;
        string missingNote = missing > 0 ? string.Create(CultureInfo.InvariantCulture, $", {missing} missing in the first {cells.Count}") : "";
        var distinct = present.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 1) return new ColumnInfo(name, index, ColumnPurpose.Ignored, $"constant '{distinct[0]}'");
        if (present.All(v => MissingValues.IsNumber(v, decimalMarker)))
        {
            return LooksLikeId(name, present, distinct.Count)
                ? new ColumnInfo(name, index, ColumnPurpose.Ignored, "identifier (distinct integers)")
                : new ColumnInfo(name, index, ColumnPurpose.Numeric, "number" + missingNote);
        }
        if (present.All(BooleanWords.Contains) && distinct.Select(v => v.ToLowerInvariant()).Distinct().Count() <= 2)
            return new ColumnInfo(name, index, ColumnPurpose.Categorical, "yes/no" + missingNote);
        double averageLength = present.Average(v => v.Length);
        if (averageLength > 30 || present.Count(v => v.Contains(' ')) > present.Count / 2 && distinct.Count > MaxLevels)
            return new ColumnInfo(name, index, ColumnPurpose.Ignored, "free text");
        if (distinct.Count >= 0.9 * present.Count && present.Count >= 20)
            return new ColumnInfo(name, index, ColumnPurpose.Ignored, "identifier (distinct strings)");
        if (distinct.Count > MaxLevels)
            return new ColumnInfo(name, index, ColumnPurpose.Ignored, $"{distinct.Count} distinct strings (more than {MaxLevels})");
        return new ColumnInfo(name, index, ColumnPurpose.Categorical, $"{distinct.Count} levels" + missingNote);
    }

    /// <summary>Integers that are all distinct in a column named like an identifier, or that count up by one.</summary>
    private static bool LooksLikeId(string name, List<string> present, int distinct)
    {
        if (distinct != present.Count || present.Count < 20 || !present.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))) return false;
        string lower = name.ToLowerInvariant();
        if (lower == "id" || lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith("id", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[^2]) || lower is "index" or "row" or "rowid") return true;
        var values = present.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList();
        return values.Zip(values.Skip(1), (a, b) => b - a).All(d => d == 1);
    }

    /// <summary>A separator as text for messages.</summary>
    public static string Show(char separator) => separator == '\t' ? "tab" : separator.ToString();
}
