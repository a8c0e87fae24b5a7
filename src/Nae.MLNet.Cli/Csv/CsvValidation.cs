namespace Nae.MLNet.Cli.Csv;

/// <summary>Checks a CSV file against a <see cref="ColumnPlan"/> before any of it reaches ML.NET (whose loader would
/// read a bad cell as a missing value and go on): the plan's columns present, the same field count in every record,
/// numbers where the plan has numbers.</summary>
internal static class CsvValidation
{
    /// <summary>Checks every record of <paramref name="csv"/>; <paramref name="map"/> gives each plan column's field index
    /// in the file (null: absent; default: the plan's own indexes).</summary>
    /// <exception cref="CliDataException">Names the record, the column and the cell, and says what to do.</exception>
    public static void CheckAll(CsvRecords csv, ColumnPlan plan, IReadOnlyList<int?>? map = null)
    {
        int start = plan.HasHeader ? 1 : 0;
        int fieldCount = csv.Fields(0).Length;
        var numeric = plan.Of(ColumnPurpose.Numeric).Select(c => (c.Name, Field: map is null ? c.Index : map[c.Index])).Where(c => c.Field is not null).ToList();
        for (int record = start; record < csv.Raw.Count; record++)
        {
            var fields = ColumnInference.CheckedFields(csv, record, fieldCount);
            foreach (var (name, field) in numeric)
            {
                string cell = fields[field!.Value];
                if (!MissingValues.IsMissing(cell) && !MissingValues.IsNumber(cell, plan.DecimalMarker))
                    throw new CliDataException($"{csv.Path}, record {record + 1}, column '{name}': '{Shorten(cell)}' is not a number, " +
                        $"but the column is numeric (decimal marker '{plan.DecimalMarker}'). Fix the cell, leave it empty (missing), or pass --ignore-cols {name}.");
            }
        }
    }

    /// <summary>
    /// Matches a file to score or evaluate with the plan: with a header, by column name (any order; extra columns are
    /// ignored); without one, by position. The label column may be absent unless <paramref name="labelRequired"/>. Checks
    /// every record, and returns each plan column's field index in the file (null for an absent label).
    /// </summary>
    /// <exception cref="CliDataException">Names what differs and lists the model's columns.</exception>
    public static IReadOnlyList<int?> Match(CsvRecords csv, ColumnPlan plan, bool labelRequired)
    {
        if (csv.Separator != plan.Separator)
            throw new CliDataException($"{csv.Path} is separated by '{ColumnInference.Show(csv.Separator)}', but the model reads '{ColumnInference.Show(plan.Separator)}'-separated files.");
        var fields = csv.Fields(0);
        string expected = string.Join(", ", plan.Columns.Select(c => c.Name));
        bool Optional(ColumnInfo c) => !labelRequired && c.Purpose == ColumnPurpose.Label;
        int?[] map;
        if (plan.HasHeader)
        {
            map = plan.Columns.Select(c => Array.IndexOf(fields, c.Name) is int i && i >= 0 ? i : (int?)null).ToArray();
            var missing = plan.Columns.Where(c => map[c.Index] is null && !Optional(c)).Select(c => c.Name).ToList();
            if (missing.Count > 0)
                throw new CliDataException($"{csv.Path} lacks the model's column(s) {string.Join(", ", missing)}; the model reads: {expected}.");
        }
        else if (fields.Length == plan.Columns.Count)
            map = plan.Columns.Select(c => (int?)c.Index).ToArray();
        else if (plan.LabelColumn is not null && !labelRequired && fields.Length == plan.Columns.Count - 1)
            map = plan.Columns.Select(c => c.Purpose == ColumnPurpose.Label ? null : (int?)(c.Index - plan.Columns.Count(o => o.Purpose == ColumnPurpose.Label && o.Index < c.Index))).ToArray();
        else
            throw new CliDataException($"{csv.Path} has {fields.Length} columns and no header; the model reads {plan.Columns.Count}: {expected}.");
        CheckAll(csv, plan, map);
        return map;
    }

    private static string Shorten(string cell) => cell.Length <= 40 ? cell : cell[..37] + "...";
}
