using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Csv;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// <c>nae-mlnet explain</c>: per-row feature contributions mapped back to CSV columns. For reconstruction energies
/// (Autoencoder, NAE, MPDR-R) a feature's contribution is its term of the mean squared reconstruction error, so the
/// contributions are exact and sum to the score; for MPDR-S's scalar energy it is the gradient times the difference from
/// the training median (approximate: first order). A one-hot column's slots are summed into their CSV column.
/// </summary>
internal static class ExplainCommand
{
    private static readonly Option<string> Rows = new("--rows") { Description = "Comma-separated row numbers (1 = first data row) to explain." };
    private static readonly Option<int> Top = new("--top") { Description = "Explain the N highest-scoring rows (when --rows is not given).", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Features = new("--features") { Description = "Columns shown per row.", DefaultValueFactory = _ => 5 };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Write every explained row's contribution per column to this CSV file." };

    public static Command Create()
    {
        var command = new Command("explain", "Explain scores: each CSV column's share of a row's score (exact for Autoencoder, NAE and MPDR-R).")
        {
            ScoreCommand.Model, ScoreCommand.Dataset, Rows, Top, Features, Output,
        };
        command.SetAction(parsed => Run(parsed));
        return command;
    }

    private static int Run(ParseResult args)
    {
        var ml = new MLContext();
        string dataset = args.GetValue(ScoreCommand.Dataset)!;
        var file = CsvModelFile.Load(ml, args.GetValue(ScoreCommand.Model)!);
        if (file.Plan is null) throw new CliDataException("explain maps features back to CSV columns through the model's loader; this model has none. Use a model written by 'nae-mlnet train'.");
        var (explaining, method) = Explaining(file);
        Console.WriteLine($"Contributions: {method}.");
        var (data, csv) = file.Read(ml, dataset, labelRequired: false);
        var scored = explaining.Transform(data);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var contributions = scored.GetColumn<float[]>("FeatureContributions").ToArray();
        var columns = SlotColumns(scored.Schema[CsvPipeline.FeatureColumn], file.Plan);
        var names = columns.Distinct().ToList();
        var chosen = Chosen(args.GetValue(Rows), args.GetValue(Top), scores);
        var header = csv!.Fields(0);
        int offset = file.Plan.HasHeader ? 1 : 0;

        foreach (int row in chosen)
        {
            var perColumn = PerColumn(contributions[row], columns, names);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row {row + 1}: Score {scores[row]:G6}"));
            var fields = csv.Fields(row + offset);
            foreach (var (name, value) in names.Zip(perColumn).OrderByDescending(p => p.Second).Take(args.GetValue(Features)))
            {
                int field = file.Plan.HasHeader ? Array.IndexOf(header, name) : file.Plan.Find(name)!.Index;
                string cell = field >= 0 && field < fields.Length ? fields[field] : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} {value,12:G5}  {(scores[row] != 0 ? value / scores[row] : 0),7:P1}  value {cell}"));
            }
        }
        if (args.GetValue(Output) is { } output)
            OutputFiles.WriteText(output, ContributionsCsv(chosen, scores, contributions, columns, names));
        (file.Model as IDisposable)?.Dispose();
        return ExitCodes.Success;
    }

    /// <summary>The model with a FeatureContributions column: exact for a reconstruction energy, gradient × difference from
    /// the training median for another single detector.</summary>
    private static (ITransformer Model, string Method) Explaining(CsvModelFile file)
    {
        switch (ModelFacts.Detector(file.Model))
        {
            case EnergyAnomalyTransformer { CanExplainFeatures: true } exact:
                return (ModelFacts.WithDetector(file.Model, exact.WithFeatureContributions()), "exact (each feature's term of the mean squared reconstruction error; they sum to the score)");
            case EnergyAnomalyTransformer scalar when file.Plan!.FeatureMedians is { } medians && medians.Length == scalar.FeatureCount:
                return (ModelFacts.WithDetector(file.Model, scalar.WithFeatureContributions(medians)),
                    "approximate (energy gradient × difference from the training median, first order: they sum to the score's difference from the median row's only roughly)");
            default:
                throw new CliDataException($"explain needs a single Nae.MLNet detector; this model's is {ModelFacts.Describe(file.Model)}. " +
                    "Train with --select single, or with a label column, to get one.");
        }
    }

    /// <summary>The CSV column of each feature slot, from the slot names that Concatenate and one-hot keep ("temp", "site.A").</summary>
    private static string[] SlotColumns(DataViewSchema.Column features, ColumnPlan plan)
    {
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref slotNames);
        var candidates = plan.Columns.Where(c => c.Purpose is ColumnPurpose.Numeric or ColumnPurpose.Categorical).OrderByDescending(c => c.Name.Length).ToList();
        return slotNames.DenseValues().Select(slot =>
        {
            string text = slot.ToString();
            return candidates.FirstOrDefault(c => text == c.Name || text.StartsWith(c.Name + ".", StringComparison.Ordinal))?.Name ?? text;
        }).ToArray();
    }

    private static double[] PerColumn(float[] contributions, string[] columns, List<string> names)
    {
        var sums = new double[names.Count];
        for (int i = 0; i < contributions.Length; i++) sums[names.IndexOf(columns[i])] += contributions[i];
        return sums;
    }

    private static List<int> Chosen(string? rows, int top, float[] scores)
    {
        if (rows is null) return Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(top).ToList();
        return rows.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int row) && row >= 1 && row <= scores.Length
                ? row - 1
                : throw new CommandLineException($"--rows takes row numbers from 1 to {scores.Length}, but got '{text}'.")).ToList();
    }

    private static string ContributionsCsv(List<int> rows, float[] scores, float[][] contributions, string[] columns, List<string> names)
    {
        var text = new StringBuilder();
        text.AppendLine("Row,Score," + string.Join(",", names.Select(n => CsvRecords.Quote(n))));
        foreach (int row in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{row + 1},{scores[row]:R},") +
                string.Join(",", PerColumn(contributions[row], columns, names).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return text.ToString();
    }
}
