using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.AutoML;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Benchmarks.Tabular;

namespace Nae.MLNet.Benchmarks.AutoML;

/// <summary>
/// AutoML-style experiments on the tabular sets (novelty split of the tabular suite; its test rows are halved, stratified,
/// into a validation half and a test half). Per set and seed: (a) labelled selection (validation AUROC, training on
/// normal rows), (b) the label-free default (ensemble, the validation half's normal rows held out), each with a fixed
/// time budget; (c) every detector's tabular preset alone (as in the tabular suite), and the presets of the default
/// detectors averaged without any selection (the label-free "sensible default"); (d) IsolationForest, LOF and KNN
/// (scikit-learn) on the same rows. Every AUROC is on the test half, which no selection saw. --methods runs only the
/// named rows (e.g. "AutoML (no labels)").
/// </summary>
public static class AutoMLSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "automl";

    private static readonly string[] Peers = { "IsolationForest", "LOF", "KNN" };

    /// <summary>Runs the sections not yet in the journal, then prints and publishes the table.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        uint budget = args.Quick ? 4u : args.BudgetSeconds;
        var sets = (args.Quick ? TabularDataSet.Bundled().Take(1) : TabularDataSet.Discover(SharedDatasets.Require())).Where(s => args.Includes(s.Name)).ToList();
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var python = new PythonScript(args.Python);
        string? missing = python.Missing("numpy, sklearn", "python3-sklearn");
        if (missing is not null) log.WriteLine($"The scikit-learn peers are skipped: {missing}");
        var sections = (from set in sets
                        from seed in args.Seeds
                        select new Section($"{set.Name}/seed {seed}", () => RunOne(set, seed, budget, args, missing is null ? python : null))).ToList();
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        string markdown = Markdown(store, sets.Select(s => s.Name).ToList(), args.Seeds, budget);
        log.WriteLine(markdown);
        ResultsPage.Publish(args, Name, markdown, log);
        log.WriteLine($"Wrote {store.WriteCsv()}.");
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> RunOne(TabularDataSet set, int seed, uint budget, BenchmarkArguments args, PythonScript? python)
    {
        var data = set.Load();
        var split = TabularSplit.Create(data, "novelty", seed, args.MaxTrainRows);
        var (validation, validationLabels, test, testLabels) = Halve(split, seed);
        int d = data.Features;
        var records = new List<BenchmarkRecord>();
        void Add(string method, string measure, double value) => records.Add(new(set.Name, method, seed, measure, value, ""));

        var ml = new MLContext(seed);
        var train = Load(ml, split.Train, new bool[split.Train.Length], d);
        var testView = Load(ml, test, testLabels, d);
        var auto = ml.AnomalyDetection.Auto();
        if (args.IncludesMethod("AutoML (labels)"))
        {
            using var labelled = auto.CreateExperiment(seed).SetPipeline(null, auto.Detectors())
                .SetDataset(train, Load(ml, validation, validationLabels, d)).SetLabelColumn("Label").SetTrainingTimeInSeconds(budget).Run();
            Add("AutoML (labels)", "AUROC", labelled.Evaluate(testView).Auroc);
            Add("AutoML (labels)", "Trials", labelled.Trials.Count);
            Add("AutoML (labels)", "Best=" + labelled.BestTrial.Detector, 1);
        }
        var normals = validation.Where((_, i) => !validationLabels[i]).ToArray();
        if (args.IncludesMethod("AutoML (no labels)"))
        {
            using var unsupervised = auto.CreateExperiment(seed).SetPipeline(null, auto.Detectors())
                .SetDataset(train, Load(ml, normals, new bool[normals.Length], d)).SetTrainingTimeInSeconds(budget).Run();
            Add("AutoML (no labels)", "AUROC", unsupervised.Evaluate(testView).Auroc);
            Add("AutoML (no labels)", "Trials", unsupervised.Trials.Count);
            Add("AutoML (no labels)", "Ensemble", unsupervised.Ensemble is null ? 0 : 1); // 0: fewer than two members passed, a single pick
            Add("AutoML (no labels)", "Best=" + unsupervised.BestTrial.Detector, 1);
        }
        if (DetectorRegistry.All.Any(detector => args.IncludesMethod(detector.DisplayName + " tabular preset")) || args.IncludesMethod("Preset ensemble (no labels)"))
            records.AddRange(Presets(set, split, d, seed, args, auto, normals, test, testLabels));
        if (python is not null && Peers.Any(args.IncludesMethod))
        {
            string folder = Path.Combine(args.OutputDirectory, "work", Name, set.Name, $"seed {seed}");
            Directory.CreateDirectory(folder);
            NpyWriter.Write(Path.Combine(folder, "train.npy"), split.Train);
            NpyWriter.Write(Path.Combine(folder, "test.npy"), test);
            python.RunScript("sklearn_baselines.py", new[] { "--split", folder, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--methods", string.Join(",", Peers) }, TimeSpan.FromHours(1));
            foreach (var peer in Peers)
            {
                var scores = File.ReadLines(Path.Combine(folder, peer + ".txt")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
                Add(peer, "AUROC", Harness.Auroc.Compute(scores, testLabels.Select(l => l ? 1 : 0).ToArray()));
            }
        }
        return records;
    }

    /// <summary>Every detector's tabular preset alone, and the presets of the detectors an experiment sweeps by default
    /// averaged as the experiment's ensemble is (empirical CDF on the validation half's normal rows): the label-free
    /// "sensible default" with no selection at all.</summary>
    private static IEnumerable<BenchmarkRecord> Presets(TabularDataSet set, TabularSplit split, int d, int seed, BenchmarkArguments args,
        AnomalyDetectionAutoCatalog auto, float[][] normals, float[][] test, bool[] testLabels)
    {
        var records = new List<BenchmarkRecord>();
        var presets = new List<EnergyAnomalyTransformer>();
        try
        {
            var presetContext = new MLContext(seed);
            foreach (var detector in DetectorRegistry.All)
            {
                var model = (EnergyAnomalyTransformer)TabularMethods.Create(new MLContext(seed), detector.DisplayName + TabularMethods.TabularSuffix, d, seed, args.Quick, args.Device, args.Overrides)
                    .Fit(TabularMethods.Load(presetContext, split.Train, d));
                presets.Add(model);
                records.Add(new(set.Name, detector.DisplayName + " tabular preset", seed, "AUROC", TestAuroc(model, presetContext, test, testLabels, d), ""));
            }
            var defaultNames = auto.Detectors().Select(s => s.Name).ToHashSet();
            var defaults = presets.Where((_, i) => defaultNames.Contains(DetectorRegistry.All[i].DisplayName)).ToList();
            using var ensemble = ScoreEnsembleTransformer.Create(defaults, TabularMethods.Load(presetContext, normals, d), 0.01);
            records.Add(new(set.Name, "Preset ensemble (no labels)", seed, "AUROC", TestAuroc(ensemble, presetContext, test, testLabels, d), ""));
            return records;
        }
        finally
        {
            foreach (var model in presets) model.Dispose();
        }
    }

    private static double TestAuroc(ITransformer model, MLContext ml, float[][] test, bool[] labels, int features)
    {
        var scores = model.Transform(TabularMethods.Load(ml, test, features)).GetColumn<float>("Score").Select(s => (double)s).ToArray();
        return Harness.Auroc.Compute(scores, labels.Select(l => l ? 1 : 0).ToArray());
    }

    /// <summary>The tabular split's test rows halved at random within each class: validation and test.</summary>
    private static (float[][] Validation, bool[] ValidationLabels, float[][] Test, bool[] TestLabels) Halve(TabularSplit split, int seed)
    {
        var random = new Random(seed + 1000);
        var validation = new List<int>();
        var test = new List<int>();
        foreach (int label in new[] { 0, 1 })
        {
            var rows = Enumerable.Range(0, split.Test.Length).Where(i => split.TestLabels[i] == label).ToArray();
            random.Shuffle(rows);
            validation.AddRange(rows.Take(rows.Length / 2));
            test.AddRange(rows.Skip(rows.Length / 2));
        }
        return (validation.Select(i => split.Test[i]).ToArray(), validation.Select(i => split.TestLabels[i] == 1).ToArray(),
            test.Select(i => split.Test[i]).ToArray(), test.Select(i => split.TestLabels[i] == 1).ToArray());
    }

    private static IDataView Load(MLContext ml, IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels, int features)
    {
        var schema = SchemaDefinition.Create(typeof(LabelledRow));
        schema[nameof(LabelledRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return ml.Data.LoadFromEnumerable(rows.Select((r, i) => new LabelledRow { Features = r, Label = labels[i] ? 1 : 0 }), schema);
    }

    private static string Markdown(ResultStore store, IReadOnlyList<string> sets, IReadOnlyList<int> seeds, uint budget)
    {
        var all = sets.SelectMany(s => seeds.SelectMany(seed => store.Get($"{s}/seed {seed}"))).Where(r => r.Measure == "AUROC").ToList();
        var methods = all.Select(r => r.Method).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Test-half AUROC, mean over {all.Select(r => r.DataSet).Distinct().Count()} sets (budget {budget} s per experiment):"));
        text.AppendLine();
        text.AppendLine("| method | mean AUROC | sets |");
        text.AppendLine("|---|---|---|");
        foreach (var method in methods.OrderByDescending(m => all.Where(r => r.Method == m).Average(r => r.Value)))
        {
            var values = all.Where(r => r.Method == method).ToList();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {method} | {values.Average(r => r.Value):F3} | {values.Select(r => r.DataSet).Distinct().Count()} |"));
        }
        return text.ToString();
    }

    /// <summary>One row: features and a Single label (1 = anomaly).</summary>
    public sealed class LabelledRow
    {
        /// <summary>The min-max scaled features.</summary>
        public float[] Features { get; set; } = Array.Empty<float>();

        /// <summary>1 for an anomaly.</summary>
        public float Label { get; set; }
    }
}
