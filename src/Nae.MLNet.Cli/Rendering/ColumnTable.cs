using Nae.MLNet.Cli.Csv;
using Spectre.Console;

namespace Nae.MLNet.Cli.Rendering;

/// <summary>Prints the inferred columns before training: one line per purpose with the columns and the reasons.</summary>
internal static class ColumnTable
{
    public static void Print(ColumnPlan plan, string path, int rows)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"Columns of {path}: {rows} rows, '{ColumnInference.Show(plan.Separator)}' separated, {(plan.HasHeader ? "header" : "no header")}, decimal '{plan.DecimalMarker}'"));
        var table = new Table().Border(TableBorder.Simple).AddColumn("purpose").AddColumn("count").AddColumn("columns");
        foreach (var purpose in new[] { ColumnPurpose.Label, ColumnPurpose.Numeric, ColumnPurpose.Categorical, ColumnPurpose.Ignored })
        {
            var columns = plan.Of(purpose);
            if (columns.Count == 0) continue;
            string names = purpose == ColumnPurpose.Numeric && columns.Count > 8
                ? $"{string.Join(", ", columns.Take(4).Select(c => c.Name))} … {columns[^1].Name}"
                : string.Join(", ", columns.Select(c => $"{c.Name} ({c.Reason})"));
            table.AddRow(purpose.ToString().ToLowerInvariant(), columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(names));
        }
        AnsiConsole.Write(table);
    }
}
