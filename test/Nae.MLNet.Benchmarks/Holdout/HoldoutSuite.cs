using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Cli.Commands;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Rendering;

namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>
/// MNIST hold-out: for each digit, train every detector on the other nine digits of the training set and score the
/// test set (the held-out digit is the anomaly). One section per digit, detector and seed; AUROC and wall time of
/// Fit and of scoring. CPU presets on the CPU; the paper presets with <c>--device cuda</c>.
/// </summary>
public static class HoldoutSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "holdout";

    /// <summary>Runs the sections not yet in the journal, then writes holdout.csv, holdout.md and holdout.png.</summary>
    public static int Run(BenchmarkArguments args, HoldoutSettings settings, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        string preset = args.IsCuda ? "paper" : "cpu";
        if (preset == "paper" && settings.DataSet != "mnist")
            throw new ArgumentException($"--device {args.Device} runs the paper presets, whose convolutional networks need MNIST; --quick uses the 8x8 digits.");
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var digits = settings.Digits.Where(d => args.Includes(d.ToString())).ToList();
        var data = new DigitCache(settings.DataSet);
        var sections = (from digit in digits
                        from detector in settings.Detectors.Where(args.IncludesMethod)
                        from seed in args.Seeds
                        select new Section(SectionName(preset, settings.DataSet, digit, detector, seed),
                            () => RunOne(data.Get(digit), detector, seed, preset, args.Device, settings.Overrides.Concat(args.Overrides).ToList(), log))).ToList();
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        data.Clear();
        // every seed in the journal, not only this invocation's: runs of one detector or seed at a time add up to one table
        var seeds = store.All.Select(r => r.Seed).Union(args.Seeds).Order().ToList();
        var report = new HoldoutReport(store, settings, preset, seeds, settings.DataSet == "mnist" ? PaperHoldoutTable.Load(SharedDatasets.Find()) : PaperHoldoutTable.Empty);
        report.Write(args.OutputDirectory);
        log.WriteLine(report.Markdown());
        ResultsPage.Publish(args, $"{Name}-{preset}", report.Markdown(), log);
        log.WriteLine($"Wrote {store.WriteCsv()}, holdout.md and holdout.png to {args.OutputDirectory}.");
        return runner.Report(log);
    }

    /// <summary>The journal key of one run.</summary>
    public static string SectionName(string preset, string dataSet, int digit, string detector, int seed) =>
        $"{preset}/{dataSet}/digit {digit}/{detector}/seed {seed}";

    private static IReadOnlyList<BenchmarkRecord> RunOne(HoldoutData data, string detector, int seed, string preset, string device,
        IReadOnlyList<string> overrides, TextWriter log)
    {
        var ml = new MLContext(seed);
        var settings = new DemoSettings(seed, new ConsoleProgress(detector), overrides.Append($"Device={device}").ToList(), preset == "paper");
        var estimator = Pipeline(ml, data, detector, settings);
        var train = data.Load(ml, data.Train);

        var clock = Stopwatch.StartNew();
        var model = estimator.Fit(train);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        double auroc = TestAuroc(ml, model, data, data.Test);
        double scoreSeconds = clock.Elapsed.TotalSeconds;
        model.Dispose();

        string dataSet = $"digit {data.HeldOut}";
        log.WriteLine($"  {detector}, {data.Name} digit {data.HeldOut} held out, seed {seed}: AUROC {auroc:F3}, fit {fitSeconds:F0} s");
        return new BenchmarkRecord[]
        {
            new(dataSet, detector, seed, "AUROC", auroc, ""),
            new(dataSet, detector, seed, "FitSeconds", fitSeconds, "s"),
            new(dataSet, detector, seed, "ScoreSeconds", scoreSeconds, "s"),
        };
    }

    /// <summary>The holdout suites' pipeline: the pixels copied to "Features", then the detector with the run's settings.</summary>
    internal static EstimatorChain<ITransformer> Pipeline(MLContext ml, HoldoutData data, string detector, DemoSettings settings) =>
        ml.Transforms.CopyColumns("Features", nameof(ImageRow.Pixels)).Append(DemoDetectors.Create(DetectorRegistry.Get(detector), ml, data, settings));

    /// <summary>The AUROC of <paramref name="model"/>'s Score on <paramref name="rows"/> (the held-out digit is the anomaly).</summary>
    internal static double TestAuroc(MLContext ml, ITransformer model, HoldoutData data, IReadOnlyList<ImageRow> rows)
    {
        var scores = model.Transform(data.Load(ml, rows)).GetColumn<float>("Score").Select(s => (double)s).ToArray();
        return Auroc.Compute(scores, rows.Select(r => (int)r.Label).ToArray());
    }

    /// <summary>Keeps one digit's rows while its sections run (MNIST takes seconds to read and ~200 MB to hold).</summary>
    internal sealed class DigitCache(string dataSet)
    {
        private HoldoutData? _current;

        public HoldoutData Get(int digit)
        {
            if (_current?.HeldOut == digit) return _current;
            _current = null;
            _current = dataSet == "mnist"
                ? HoldoutData.Mnist(HoldoutData.FindMnist() ?? throw new DirectoryNotFoundException(
                    "MNIST not found: set NAE_MNIST_DIR or run from a folder with shared/datasets/mnist above it."), digit)
                : HoldoutData.Digits(digit);
            return _current;
        }

        public void Clear() => _current = null;
    }
}
