using System.Globalization;
using System.Text;
using Microsoft.ML;
using Nae.MLNet.AutoML;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Cli.Datasets;

namespace Nae.MLNet.Benchmarks.AutoML;

/// <summary>
/// An AutoML experiment on a hold-out digit (MNIST; the bundled 8×8 digits with --quick): training on the other
/// digits, selecting by AUROC on half of the test set (labelled), reporting the other half with a bootstrap interval,
/// under the --budget time limit. Writes the leaderboard and the selected model's test AUROC.
/// </summary>
public static class AutoMLHoldoutSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "automl-holdout";

    /// <summary>Runs the digit sections not yet in the journal (--only picks digits; default 9), then publishes the table.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        var digits = Enumerable.Range(0, 10).Where(d => args.Only.Count == 0 ? d == 9 : args.Includes(d.ToString(CultureInfo.InvariantCulture))).ToList();
        uint budget = args.Quick ? 5u : args.BudgetSeconds;
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var boards = new Dictionary<int, string>();
        var sections = digits.SelectMany(digit => args.Seeds.Select(seed => new Section($"digit {digit}/seed {seed}", () => RunOne(digit, seed, budget, args, boards)))).ToList();
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{(args.Quick ? "8x8 digits" : "MNIST")}, budget {budget} s, labelled selection on half of the test set:"));
        text.AppendLine();
        text.AppendLine("| digit | seed | trials | best | test AUROC [95 % interval] |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var digit in digits)
            foreach (var seed in args.Seeds)
            {
                var records = store.Get($"digit {digit}/seed {seed}");
                if (records.Count == 0) continue;
                double Get(string m) => records.Single(r => r.Measure == m).Value;
                string best = records.Single(r => r.Measure.StartsWith("Best=", StringComparison.Ordinal)).Measure[5..];
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {digit} | {seed} | {Get("Trials"):F0} | {best} | {Get("AUROC"):F3} [{Get("Low"):F3}, {Get("High"):F3}] |"));
            }
        foreach (var (digit, board) in boards) text.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"Leaderboard, digit {digit}:")).AppendLine().Append(board);
        log.WriteLine(text);
        ResultsPage.Publish(args, Name, text.ToString(), log);
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> RunOne(int digit, int seed, uint budget, BenchmarkArguments args, Dictionary<int, string> boards)
    {
        var data = args.Quick ? HoldoutData.Digits(digit)
            : HoldoutData.Mnist(HoldoutData.FindMnist() ?? throw new DirectoryNotFoundException("MNIST not found: set NAE_MNIST_DIR."), digit);
        var ml = new MLContext(seed);
        var validation = data.Test.Where((_, i) => i % 2 == 0).ToList();
        var test = data.Test.Where((_, i) => i % 2 == 1).ToList();
        var auto = ml.AnomalyDetection.Auto();
        using var result = auto.CreateExperiment(seed)
            .SetPipeline(ml.Transforms.CopyColumns("Features", nameof(ImageRow.Pixels)), auto.Detectors())
            .SetDataset(data.Load(ml, data.Train), data.Load(ml, validation))
            .SetLabelColumn(nameof(ImageRow.Label))
            .SetTrainingTimeInSeconds(budget)
            .Run();
        var evaluation = result.Evaluate(data.Load(ml, test), nameof(ImageRow.Label), seed);
        boards[digit] = result.ToMarkdown(top: 15);
        string dataSet = $"digit {digit}";
        return new BenchmarkRecord[]
        {
            new(dataSet, "AutoML (labels)", seed, "AUROC", evaluation.Auroc, ""),
            new(dataSet, "AutoML (labels)", seed, "Low", evaluation.Low, ""),
            new(dataSet, "AutoML (labels)", seed, "High", evaluation.High, ""),
            new(dataSet, "AutoML (labels)", seed, "Trials", result.Trials.Count, "trials"),
            new(dataSet, "AutoML (labels)", seed, "Best=" + result.BestTrial.Detector, result.BestTrial.Metric, ""),
        };
    }
}
