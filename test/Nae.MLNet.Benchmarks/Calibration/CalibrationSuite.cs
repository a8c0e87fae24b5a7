using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Benchmarks.Tabular;

namespace Nae.MLNet.Benchmarks.Calibration;

/// <summary>
/// Is the false-positive rate kept? Per tabular set and seed, the plain autoencoder (the tabular suite's settings) trains
/// on the novelty split's normal rows, and the share of the held-out normal rows that PredictedLabel flags is counted at
/// each requested rate (the model's own threshold, then WithFalsePositiveRate). Small sets are where a loose quantile
/// shows: the default sets are the ones whose rates were reported off (6_cardio, 23_mammography, 32_shuttle) and two
/// more, smaller ones.
/// </summary>
public static class CalibrationSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "calibration";

    private static readonly string[] DefaultSets = { "6_cardio", "23_mammography", "32_shuttle", "42_WBC", "38_thyroid" };
    private static readonly double[] Rates = { 0.01, 0.05, 0.1 };

    /// <summary>Runs the sections not yet in the journal, then prints and publishes the table.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        var sets = (args.Quick ? TabularDataSet.Bundled() : TabularDataSet.Discover(SharedDatasets.Require()))
            .Where(s => args.Quick || DefaultSets.Contains(s.Name)).Where(s => args.Includes(s.Name)).ToList();
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var sections = (from set in sets
                        from seed in args.Seeds
                        select new Section($"{set.Name}/seed {seed}", () => RunOne(set, seed, args))).ToList();
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        string markdown = Markdown(store, sets.Select(s => s.Name).ToList(), args.Seeds);
        log.WriteLine(markdown);
        ResultsPage.Publish(args, Name, markdown, log);
        log.WriteLine($"Wrote {store.WriteCsv()}.");
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> RunOne(TabularDataSet set, int seed, BenchmarkArguments args)
    {
        var data = set.Load();
        var split = TabularSplit.Create(data, "novelty", seed, args.MaxTrainRows);
        var ml = new MLContext(seed);
        int features = data.Features;
        var estimator = TabularMethods.Create(ml, DetectorRegistry.Autoencoder.DisplayName, features, seed, args.Quick, args.Device,
            args.Overrides.Prepend(FormattableString.Invariant($"FalsePositiveRate={Rates[0]}")).ToList());
        using var model = (EnergyAnomalyTransformer)estimator.Fit(TabularMethods.Load(ml, split.Train, features));
        var normals = TabularMethods.Load(ml, split.Test.Where((_, i) => split.TestLabels[i] == 0).ToList(), features);
        var records = new List<BenchmarkRecord>
        {
            new(set.Name, "calibration", seed, "CalibrationRows", model.CalibrationRowCount, "rows"),
            new(set.Name, "calibration", seed, "HeldOutNormals", split.TestLabels.Count(l => l == 0), "rows"),
        };
        foreach (double rate in Rates)
        {
            using var detector = model.WithFalsePositiveRate(rate);
            double flagged = detector.Transform(normals).GetColumn<bool>("PredictedLabel").Average(f => f ? 1.0 : 0.0);
            records.Add(new(set.Name, "calibration", seed, Measure(rate), flagged, "share"));
        }
        return records;
    }

    private static string Measure(double rate) => FormattableString.Invariant($"Flagged@{rate}");

    private static string Markdown(ResultStore store, IReadOnlyList<string> sets, IReadOnlyList<int> seeds)
    {
        var text = new StringBuilder();
        text.AppendLine("| data set | calibration rows | held-out normals | " + string.Join(" | ", Rates.Select(r => FormattableString.Invariant($"flagged at {r} (mean; worst seed)"))) + " |");
        text.AppendLine("|---|---|---|" + string.Concat(Rates.Select(_ => "---|")));
        foreach (var set in sets)
        {
            var records = seeds.SelectMany(seed => store.Get($"{set}/seed {seed}")).ToList();
            if (records.Count == 0) continue;
            double Mean(string measure) => records.Where(r => r.Measure == measure).Average(r => r.Value);
            double Worst(string measure) => records.Where(r => r.Measure == measure).Max(r => r.Value);
            text.Append(CultureInfo.InvariantCulture, $"| {set} | {Mean("CalibrationRows"):F0} | {Mean("HeldOutNormals"):F0} | ");
            text.AppendJoin(" | ", Rates.Select(r => string.Create(CultureInfo.InvariantCulture, $"{Mean(Measure(r)):F3}; {Worst(Measure(r)):F3}")));
            text.AppendLine(" |");
        }
        return text.ToString();
    }
}
