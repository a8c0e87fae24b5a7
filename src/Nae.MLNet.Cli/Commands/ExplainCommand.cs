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
        using var file = CsvModelFile.Load(ml, args.GetValue(ScoreCommand.Model)!);
        if (file.Plan is null) throw new CliDataException("explain maps features back to CSV columns through the model's loader; this model has none. Use a model written by 'nae-mlnet train'.");
        var (explaining, method) = Explaining(file);
        var input = file.Read(ml, dataset, labelRequired: false);
        var csv = input.Csv ?? throw new CliDataException($"explain maps features back to CSV columns; {dataset} is ML.NET binary rows (.idv). Pass the rows as CSV.");
        // every row is scored (in batches) to find the top ones; only the rows explained get contributions
        var scores = ModelFacts.Read(file.Model.Transform(input.Data), null).Scores;
        var chosen = Chosen(args.GetValue(Rows), args.GetValue(Top), scores);
        var explained = explaining.Transform(file.Rows(input, chosen));
        var contributions = explained.GetColumn<float[]>("FeatureContributions").ToArray();
        var (names, slotColumn) = SlotColumns(explained.Schema[CsvPipeline.FeatureColumn], file.Plan);
        var perColumn = contributions.Select(c => PerColumn(c, slotColumn, names.Count)).ToArray();
        var header = csv.Fields(0);
        int offset = file.Plan.HasHeader ? 1 : 0;

        Console.WriteLine($"Contributions: {method}.");
        for (int i = 0; i < chosen.Count; i++)
        {
            int row = chosen[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row {row + 1}: Score {scores[row]:G6}"));
            var fields = csv.Fields(row + offset);
            foreach (var (name, value) in names.Zip(perColumn[i]).OrderByDescending(p => p.Second).Take(args.GetValue(Features)))
            {
                int field = file.Plan.HasHeader ? Array.IndexOf(header, name) : file.Plan.Find(name)!.Index;
                string cell = field >= 0 && field < fields.Length ? fields[field] : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} {value,12:G5}  {(scores[row] != 0 ? value / scores[row] : 0),7:P1}  value {cell}"));
            }
        }
        if (args.GetValue(Output) is { } output)
            OutputFiles.WriteText(output, ContributionsCsv(chosen, scores, perColumn, names));
        ModelFacts.DisposeDerived(explaining, file.Model);
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

    /// <summary>The CSV columns that have feature slots, in slot order, and each slot's index among them, from the slot
    /// names that Concatenate and one-hot keep ("temp", "site.A").</summary>
    private static (List<string> Names, int[] SlotColumn) SlotColumns(DataViewSchema.Column features, ColumnPlan plan)
    {
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref slotNames);
        var candidates = plan.Columns.Where(c => c.Purpose is ColumnPurpose.Numeric or ColumnPurpose.Categorical).OrderByDescending(c => c.Name.Length).ToList();
        var names = new List<string>();
        var slotColumn = slotNames.DenseValues().Select(slot =>
        {
            string text = slot.ToString();
            string name = candidates.FirstOrDefault(c => text == c.Name || text.StartsWith(c.Name + ".", StringComparison.Ordinal))?.Name ?? text;
            int index = names.IndexOf(name);
            if (index < 0) { index = names.Count; names.Add(name); }
            return index;
        }).ToArray();
        return (names, slotColumn);
    }

    /// <summary>A row's contributions summed per CSV column.</summary>
    private static double[] PerColumn(float[] contributions, int[] slotColumn, int columns)
    {
        var sums = new double[columns];
        for (int i = 0; i < contributions.Length; i++) sums[slotColumn[i]] += contributions[i];
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

    private static string ContributionsCsv(List<int> rows, float[] scores, double[][] perColumn, List<string> names)
    {
        var text = new StringBuilder();
        text.AppendLine("Row,Score," + string.Join(",", names.Select(n => CsvRecords.Quote(n))));
        for (int i = 0; i < rows.Count; i++)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{rows[i] + 1},{scores[rows[i]]:R},") +
                string.Join(",", perColumn[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return text.ToString();
    }
}
