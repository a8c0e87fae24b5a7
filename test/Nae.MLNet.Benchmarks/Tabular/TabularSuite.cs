using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Benchmarks.Harness;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// Tabular anomaly detection on the ADBench "Classical" and ODDS sets. Per data set and seed: a split section (writes
/// the split's sizes), one section per ML.NET method, and one that runs the scikit-learn baselines in Python on the
/// same rows (written as .npy under work/). Skipped, with the reason, when Python or scikit-learn is missing.
/// </summary>
public static class TabularSuite
{
    /// <summary>The measure names of a split section.</summary>
    public const string SplitMethod = "(split)";

    /// <summary>Runs the sections not yet in the journal, then writes tabular-PROTOCOL.csv, .md and .png.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        var sets = (args.Quick ? TabularDataSet.Bundled() : TabularDataSet.Discover(SharedDatasets.Require()))
            .Where(s => args.Includes(s.Name)).ToList();
        if (sets.Count == 0) throw new ArgumentException("No tabular data set matched (check --only and the datasets folder).");
        string suite = $"tabular-{args.Protocol}";
        var store = new ResultStore(args.OutputDirectory, suite, args.Fresh);
        var python = new PythonScript(args.Python);
        string? missing = python.Missing("numpy, sklearn", "python3-sklearn");
        if (missing is not null) log.WriteLine($"The scikit-learn baselines are skipped: {missing}");

        var splits = new SplitCache(args.Protocol, args.MaxTrainRows);
        var sections = new List<Section>();
        foreach (var set in sets)
            foreach (int seed in args.Seeds)
            {
                string prefix = $"{args.Protocol}/{set.Name}/seed {seed}";
                sections.Add(new Section($"{prefix}/{SplitMethod}", () => SplitRecords(splits.Get(set, seed), seed)));
                foreach (var method in TabularMethods.Ours.Append(TabularMethods.RandomizedPca).Where(args.IncludesMethod))
                    sections.Add(new Section($"{prefix}/{method}", () => RunMlNet(splits.Get(set, seed), method, seed, args)));
                if (missing is null)
                {
                    string work = Path.Combine(args.OutputDirectory, "work", args.Protocol, set.Name, $"seed {seed}");
                    if (args.IncludesMethod("scikit-learn"))
                        sections.Add(new Section($"{prefix}/scikit-learn", () => RunScikitLearn(splits.Get(set, seed), seed, python, work, TabularMethods.ScikitLearnFirst)));
                    if (args.IncludesMethod("scikit-learn KNN"))
                        sections.Add(new Section($"{prefix}/scikit-learn KNN", () => RunScikitLearn(splits.Get(set, seed), seed, python, work, new[] { "KNN" })));
                }
            }
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);

        var report = new TabularReport(store, sets.Select(s => s.Name).ToList(), args.Seeds, args.Protocol, args.MaxTrainRows, missing);
        report.Write(args.OutputDirectory, suite);
        log.WriteLine(report.Markdown());
        ResultsPage.Publish(args, suite, report.Markdown(), log);
        log.WriteLine($"Wrote {store.WriteCsv()}, {suite}.md and {suite}.png to {args.OutputDirectory}.");
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> SplitRecords(LoadedSplit s, int seed)
    {
        BenchmarkRecord R(string measure, double value) => new(s.Data.Name, SplitMethod, seed, measure, value, "rows");
        return new[]
        {
            R("Rows", s.Data.Rows.Length), R("Features", s.Data.Features), R("Anomalies", s.Data.Anomalies),
            R("TrainRows", s.Split.Train.Length), R("TrainAnomalies", s.Split.TrainAnomalies),
            R("TestRows", s.Split.Test.Length), R("TestAnomalies", s.Split.TestLabels.Count(l => l == 1)),
        };
    }

    private static IReadOnlyList<BenchmarkRecord> RunMlNet(LoadedSplit s, string method, int seed, BenchmarkArguments args)
    {
        var ml = new MLContext(seed);
        int features = s.Data.Features;
        var clock = Stopwatch.StartNew();
        var model = TabularMethods.Create(ml, method, features, seed, args.Quick, args.Device, args.Overrides).Fit(TabularMethods.Load(ml, s.Split.Train, features));
        double fit = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scores = model.Transform(TabularMethods.Load(ml, s.Split.Test, features)).GetColumn<float>("Score").Select(v => (double)v).ToArray();
        double score = clock.Elapsed.TotalSeconds;
        (model as IDisposable)?.Dispose();
        return Records(s.Data.Name, method, seed, scores, s.Split.TestLabels, fit, score);
    }

    private static IReadOnlyList<BenchmarkRecord> RunScikitLearn(LoadedSplit s, int seed, PythonScript python, string folder, IReadOnlyList<string> methods)
    {
        Directory.CreateDirectory(folder);
        NpyWriter.Write(Path.Combine(folder, "train.npy"), s.Split.Train);
        NpyWriter.Write(Path.Combine(folder, "test.npy"), s.Split.Test);
        python.RunScript("sklearn_baselines.py", new[] { "--split", folder, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--methods", string.Join(",", methods) }, TimeSpan.FromHours(1));
        var timing = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(File.ReadAllText(Path.Combine(folder, "timing.json")))!;
        var records = new List<BenchmarkRecord>();
        foreach (var method in methods)
        {
            var scores = File.ReadLines(Path.Combine(folder, method + ".txt")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
            records.AddRange(Records(s.Data.Name, method, seed, scores, s.Split.TestLabels, timing[method]["fit"], timing[method]["score"]));
        }
        return records;
    }

    private static IReadOnlyList<BenchmarkRecord> Records(string dataSet, string method, int seed, double[] scores, int[] labels, double fit, double score)
    {
        if (scores.Length != labels.Length)
            throw new InvalidOperationException($"{method} on {dataSet}: {scores.Length} scores for {labels.Length} test rows.");
        // A method may return NaN for some rows (RandomizedPca does for a row at the training mean): such rows count as
        // the least anomalous, and how many there were is recorded beside the AUROC.
        int nan = scores.Count(double.IsNaN);
        var records = new List<BenchmarkRecord>
        {
            new(dataSet, method, seed, "AUROC", Auroc.Compute(scores.Select(v => double.IsNaN(v) ? double.NegativeInfinity : v).ToArray(), labels), ""),
            new(dataSet, method, seed, "FitSeconds", fit, "s"),
            new(dataSet, method, seed, "ScoreSeconds", score, "s"),
        };
        if (nan > 0) records.Add(new(dataSet, method, seed, "NaNScores", nan, "rows"));
        return records;
    }

    /// <summary>A data set and one seed's split of it.</summary>
    private sealed record LoadedSplit(TabularData Data, TabularSplit Split);

    /// <summary>Keeps the current data set and split while its sections run.</summary>
    private sealed class SplitCache(string protocol, int maxTrainRows)
    {
        private (string Name, int Seed)? _key;
        private TabularData? _data;
        private LoadedSplit? _split;

        public LoadedSplit Get(TabularDataSet set, int seed)
        {
            if (_key == (set.Name, seed) && _split is not null) return _split;
            if (_data?.Name != set.Name) _data = set.Load();
            _split = new LoadedSplit(_data, TabularSplit.Create(_data, protocol, seed, maxTrainRows));
            _key = (set.Name, seed);
            return _split;
        }
    }
}
