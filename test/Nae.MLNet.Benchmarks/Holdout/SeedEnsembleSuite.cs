using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Cli.Commands;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Rendering;

namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>
/// Several seeds scored together: the holdout suite's runs (MNIST, one digit held out, the CPU presets), one member per
/// seed, each saved with <c>mlContext.Model.Save</c>, then loaded and combined by <see cref="ScoreEnsembleTransformer"/>
/// (the mean of each member's empirical CDF on its own held-out rows). Reports each member's AUROC and fit time and the
/// ensemble's AUROC and scoring time on the whole test set. Members resume from their saved models. Default: digit 9
/// (--quick: the 8×8 digits, digit 1), NAE; --only picks digits, --methods detectors, --seeds the members.
/// </summary>
public static class SeedEnsembleSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "seed-ensemble";

    /// <summary>Runs the members and ensembles not yet in the journal, then writes seed-ensemble.md.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        var settings = args.Quick ? HoldoutSettings.Quick : HoldoutSettings.Full;
        var digits = settings.Digits.Where(d => args.Only.Count == 0 ? d == (args.Quick ? 1 : 9) : args.Includes(d.ToString(CultureInfo.InvariantCulture))).ToList();
        var detectors = args.Methods is not { Count: > 0 } ? new List<string> { "NAE" } : settings.Detectors.Where(args.IncludesMethod).ToList();
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        string models = Path.Combine(args.OutputDirectory, "work", Name);
        Directory.CreateDirectory(models);
        var data = new HoldoutSuite.DigitCache(settings.DataSet);
        var overrides = settings.Overrides.Concat(args.Overrides).Append($"Device={args.Device}").ToList();
        string seedList = string.Join(",", args.Seeds);
        var sections = new List<Section>();
        foreach (int digit in digits)
            foreach (string detector in detectors)
            {
                string ModelPath(int seed) => Path.Combine(models, $"digit{digit}-{detector.Replace(' ', '_')}-seed{seed}.zip");
                foreach (int seed in args.Seeds)
                    sections.Add(new($"digit {digit}/{detector}/seed {seed}", () => TrainMember(data.Get(digit), detector, seed, overrides, ModelPath(seed), log)));
                sections.Add(new($"digit {digit}/{detector}/ensemble {seedList}",
                    () => ScoreEnsemble(data.Get(digit), detector, args.Seeds.Select(ModelPath).ToList(), seedList, log)));
            }
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        string markdown = Markdown(store, settings.DataSet, digits, detectors, args.Seeds, seedList);
        ResultStore.WriteAtomically(Path.Combine(args.OutputDirectory, Name + ".md"), markdown);
        log.WriteLine(markdown);
        log.WriteLine($"Wrote {store.WriteCsv()} and {Name}.md to {args.OutputDirectory}.");
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> TrainMember(HoldoutData data, string detector, int seed, IReadOnlyList<string> overrides, string path, TextWriter log)
    {
        var ml = new MLContext(seed);
        var demo = new DemoSettings(seed, new ConsoleProgress(detector), overrides);
        var train = data.Load(ml, data.Train);
        var clock = Stopwatch.StartNew();
        var model = HoldoutSuite.Pipeline(ml, data, detector, demo).Fit(train);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        try
        {
            clock.Restart();
            double auroc = HoldoutSuite.TestAuroc(ml, model, data, data.Test);
            double scoreSeconds = clock.Elapsed.TotalSeconds;
            ml.Model.Save(model, train.Schema, path);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  member seed {seed}: AUROC {auroc:F3}, fit {fitSeconds:F0} s, saved to {path}"));
            string dataSet = $"digit {data.HeldOut}";
            return new BenchmarkRecord[]
            {
                new(dataSet, detector, seed, "AUROC", auroc, ""),
                new(dataSet, detector, seed, "FitSeconds", fitSeconds, "s"),
                new(dataSet, detector, seed, "ScoreSeconds", scoreSeconds, "s"),
            };
        }
        finally
        {
            model.Dispose();
        }
    }

    private static IReadOnlyList<BenchmarkRecord> ScoreEnsemble(HoldoutData data, string detector, IReadOnlyList<string> paths, string seedList, TextWriter log)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"The ensemble needs its members' saved models; missing: {string.Join(", ", missing)}. Run again with --fresh to retrain them.");
        var ml = new MLContext(1);
        var chains = paths.Select(p => (TransformerChain<ITransformer>)ml.Model.LoadWithNaeMLNet(p, out _)).ToList();
        try
        {
            var members = chains.Select(c => (EnergyAnomalyTransformer)c.LastTransformer).ToList();
            // the threshold's calibration rows (the AUROC does not depend on them): training rows, normal by construction
            var calibration = data.Load(ml, data.Train.Take(5000));
            var features = ml.Transforms.CopyColumns("Features", nameof(ImageRow.Pixels)).Fit(calibration);
            using var ensemble = new TransformerChain<ITransformer>(features,
                ScoreEnsembleTransformer.Create(members, features.Transform(calibration), 0.05));
            var clock = Stopwatch.StartNew();
            double auroc = HoldoutSuite.TestAuroc(ml, ensemble, data, data.Test);
            double scoreSeconds = clock.Elapsed.TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ensemble of seeds {seedList}: AUROC {auroc:F3}, scoring {scoreSeconds:F1} s"));
            string dataSet = $"digit {data.HeldOut}";
            return new BenchmarkRecord[]
            {
                new(dataSet, $"{detector} ensemble {seedList}", 0, "AUROC", auroc, ""),
                new(dataSet, $"{detector} ensemble {seedList}", 0, "ScoreSeconds", scoreSeconds, "s"),
            };
        }
        finally
        {
            foreach (var chain in chains) chain.Dispose();
        }
    }

    private static string Markdown(ResultStore store, string dataSet, IReadOnlyList<int> digits, IReadOnlyList<string> detectors, IReadOnlyList<int> seeds, string seedList)
    {
        var text = new StringBuilder();
        text.AppendLine($"Seeds scored together ({dataSet}, one digit held out, all test rows; each member a CPU preset trained with its own seed; " +
                        "the ensemble averages each member's empirical CDF on its own held-out rows, `ScoreEnsembleTransformer`).").AppendLine();
        text.AppendLine("| digit | detector | members' AUROC | members' mean (worst) | ensemble AUROC | fit, all members (s) | scoring: a member / the ensemble (s) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (int digit in digits)
            foreach (string detector in detectors)
            {
                var members = seeds.Select(s => store.Get($"digit {digit}/{detector}/seed {s}")).Where(r => r.Count > 0).ToList();
                var ensemble = store.Get($"digit {digit}/{detector}/ensemble {seedList}");
                if (members.Count == 0) continue;
                double Value(IReadOnlyList<BenchmarkRecord> records, string measure) => records.First(r => r.Measure == measure).Value;
                var aurocs = members.Select(m => Value(m, "AUROC")).ToList();
                string ensembleAuroc = ensemble.Count > 0 ? Value(ensemble, "AUROC").ToString("F3", CultureInfo.InvariantCulture) : "–";
                string ensembleSeconds = ensemble.Count > 0 ? Value(ensemble, "ScoreSeconds").ToString("F1", CultureInfo.InvariantCulture) : "–";
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {digit} | {detector} | {string.Join(" / ", aurocs.Select(a => a.ToString("F3", CultureInfo.InvariantCulture)))} | {aurocs.Average():F3} ({aurocs.Min():F3}) | {ensembleAuroc} | {members.Sum(m => Value(m, "FitSeconds")):F0} | {members.Average(m => Value(m, "ScoreSeconds")):F1} / {ensembleSeconds} |"));
            }
        return text.ToString();
    }
}
