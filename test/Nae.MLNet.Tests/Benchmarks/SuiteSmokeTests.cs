using Nae.MLNet.Benchmarks.AutoML;
using Nae.MLNet.Benchmarks.Calibration;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Benchmarks.Holdout;
using Nae.MLNet.Benchmarks.Speed;
using Nae.MLNet.Benchmarks.Tabular;

namespace Nae.MLNet.Tests.Benchmarks;

/// <summary>
/// Keeps every benchmark suite working: each runs in quick mode (tiny data and budgets) into a temporary folder, and
/// must write its journal, CSV, markdown and plot, and resume without running anything twice. No timing is asserted.
/// </summary>
public class SuiteSmokeTests : TemporaryFolderTests
{
    private BenchmarkArguments Quick(string suite) => BenchmarkArguments.Parse(new[] { suite, "--quick", "--output", Folder });

    [Test]
    public void Holdout_QuickRun_WritesEveryDigitAndDetector_AndResumes()
    {
        HoldoutSuite.Run(Quick("holdout"), HoldoutSettings.Quick, TextWriter.Null);
        var store = new ResultStore(Folder, HoldoutSuite.Name, fresh: false);
        var auroc = store.All.Where(r => r.Measure == "AUROC").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(auroc, Has.Count.EqualTo(2 * 4));
            Assert.That(auroc.Select(r => r.Value), Is.All.InRange(0.0, 1.0));
            Assert.That(File.ReadAllText(Path.Combine(Folder, "holdout.md")), Does.Contain("| held-out digit | Autoencoder | NAE | MPDR-R | MPDR-S |"));
            Assert.That(new FileInfo(Path.Combine(Folder, "holdout.png")).Length, Is.GreaterThan(1000));
            Assert.That(File.ReadLines(Path.Combine(Folder, "holdout.csv")).Count(), Is.EqualTo(1 + 2 * 4 * 3));
        });
        var log = new StringWriter();
        HoldoutSuite.Run(Quick("holdout"), HoldoutSettings.Quick, log);
        Assert.That(log.ToString(), Does.Contain("Resuming: 8 of 8 sections").And.Not.Contain("[1/8]"));
    }

    [Test]
    public void Tabular_QuickRun_ScoresEveryMethodOnTheSameSplits()
    {
        var log = new StringWriter();
        TabularSuite.Run(Quick("tabular"), log);
        var store = new ResultStore(Folder, "tabular-novelty", fresh: false);
        var methods = store.All.Where(r => r.Measure == "AUROC").Select(r => r.Method).Distinct().ToList();
        bool python = !log.ToString().Contains("The scikit-learn baselines are skipped");
        string markdown = File.ReadAllText(Path.Combine(Folder, "tabular-novelty.md"));
        Assert.Multiple(() =>
        {
            Assert.That(methods, Is.EquivalentTo(python ? TabularMethods.All : TabularMethods.Ours.Append(TabularMethods.RandomizedPca)));
            Assert.That(store.All.Where(r => r.Measure == "AUROC").Select(r => r.Value), Is.All.InRange(0.0, 1.0));
            Assert.That(store.Get("novelty/39_vertebral/seed 1/(split)").Single(r => r.Measure == "TrainRows").Value, Is.EqualTo(147));
            Assert.That(markdown, Does.Contain("| 39_vertebral | 240 | 6 | 12.5 | 147 |").And.Contain("**mean rank**").And.Contain("| NAE |"));
            Assert.That(new FileInfo(Path.Combine(Folder, "tabular-novelty.png")).Length, Is.GreaterThan(1000));
        });
        if (!python) Assert.Warn("python3-sklearn is not installed: the scikit-learn half of the tabular suite was not exercised.");
    }

    [Test]
    public void Calibration_QuickRun_CountsFlaggedNormalRowsAtEachRate()
    {
        var log = new StringWriter();
        CalibrationSuite.Run(Quick("calibration"), log);
        var store = new ResultStore(Folder, CalibrationSuite.Name, fresh: false);
        var flagged = store.All.Where(r => r.Measure.StartsWith("Flagged@", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(flagged.Select(r => r.Measure).Distinct(), Is.EquivalentTo(new[] { "Flagged@0.01", "Flagged@0.05", "Flagged@0.1" }));
            Assert.That(flagged.Select(r => r.Value), Is.All.InRange(0.0, 1.0));
            Assert.That(store.All.Where(r => r.Measure == "CalibrationRows").Select(r => r.Value), Is.All.GreaterThan(0));
            Assert.That(log.ToString(), Does.Contain("| data set | calibration rows | held-out normals |"));
        });
    }

    [Test]
    public void AutoML_QuickRun_ComparesBothSelectionsWithThePresetsAndPeers()
    {
        var log = new StringWriter();
        AutoMLSuite.Run(Quick("automl"), log);
        var store = new ResultStore(Folder, AutoMLSuite.Name, fresh: false);
        var methods = store.All.Where(r => r.Measure == "AUROC").Select(r => r.Method).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(methods, Does.Contain("AutoML (labels)").And.Contain("AutoML (no labels)").And.Contain("NAE tabular preset").And.Contain("Preset ensemble (no labels)"));
            Assert.That(store.All.Where(r => r.Measure == "AUROC").Select(r => r.Value), Is.All.InRange(0.0, 1.0));
            Assert.That(log.ToString(), Does.Contain("| method | mean AUROC | sets |"));
        });
        if (log.ToString().Contains("peers are skipped")) Assert.Warn("python3-sklearn is not installed: the peers were not exercised.");
    }

    [Test]
    public void AutoMLHoldout_QuickRun_ReportsTheSelectedModelsTestAuroc()
    {
        var log = new StringWriter();
        AutoMLHoldoutSuite.Run(BenchmarkArguments.Parse(new[] { "automl-holdout", "--quick", "--output", Folder, "--only", "1" }), log);
        var store = new ResultStore(Folder, AutoMLHoldoutSuite.Name, fresh: false);
        Assert.That(store.Get("digit 1/seed 1").Single(r => r.Measure == "AUROC").Value, Is.InRange(0.0, 1.0));
        Assert.That(log.ToString(), Does.Contain("| digit | seed | trials | best | test AUROC").And.Contain("Leaderboard, digit 1"));
    }

    [Test]
    public void Trace_QuickRun_TracesTheCheckSetReportByReport()
    {
        TraceSuite.Run(BenchmarkArguments.Parse(new[] { "trace", "--quick", "--output", Folder, "--methods", "MPDR-R" }), TextWriter.Null);
        var records = new ResultStore(Folder, TraceSuite.Name, fresh: false).Get("digits/digit 1/MPDR-R/seed 1");
        var checkAuroc = records.Where(r => r.Measure.EndsWith("|CheckAuroc", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(records.Single(r => r.Measure == "AUROC").Value, Is.InRange(0.0, 1.0));
            Assert.That(checkAuroc, Has.Count.EqualTo(4), "two autoencoder epochs and two MPDR reports in quick mode (the small-data settings average no weights)");
            Assert.That(records.Count(r => r.Measure.EndsWith("|Probe.noise", StringComparison.Ordinal)), Is.EqualTo(4));
            Assert.That(File.ReadAllText(Path.Combine(Folder, "trace.md")), Does.Contain("| report | CheckAuroc | CheckNormalEnergy").And.Contain("| Mpdr 2/2 |"));
        });
    }

    [Test]
    public void SeedEnsemble_QuickRun_SavesEachMember_ScoresThemTogether_AndResumes()
    {
        var arguments = new[] { "seed-ensemble", "--quick", "--output", Folder, "--seeds", "1,2" };
        SeedEnsembleSuite.Run(BenchmarkArguments.Parse(arguments), TextWriter.Null);
        var store = new ResultStore(Folder, SeedEnsembleSuite.Name, fresh: false);
        Assert.Multiple(() =>
        {
            Assert.That(new[] { 1, 2 }.Select(s => store.Get($"digit 1/NAE/seed {s}").Single(r => r.Measure == "AUROC").Value), Is.All.InRange(0.0, 1.0));
            Assert.That(store.Get("digit 1/NAE/ensemble 1,2").Single(r => r.Measure == "AUROC").Value, Is.InRange(0.0, 1.0));
            Assert.That(Directory.GetFiles(Path.Combine(Folder, "work", SeedEnsembleSuite.Name), "*.zip"), Has.Length.EqualTo(2), "one saved model per member");
            Assert.That(File.ReadAllText(Path.Combine(Folder, "seed-ensemble.md")), Does.Contain("| 1 | NAE | "));
        });
        var log = new StringWriter();
        SeedEnsembleSuite.Run(BenchmarkArguments.Parse(arguments), log);
        Assert.That(log.ToString(), Does.Contain("Resuming: 3 of 3 sections"));
    }

    [Test]
    public void Speed_QuickRun_MeasuresThePublicApiAndTheNaeUpdate()
    {
        var log = new StringWriter();
        SpeedBenchmark.Run(Quick("speed"), SpeedSettings.Quick, log);
        var store = new ResultStore(Folder, SpeedBenchmark.Name, fresh: false);
        var publicApi = store.Get("public API");
        var update = store.Get($"NAE update/{NaeUpdateConfig.Quick[0].Name}/TorchSharp");
        Assert.Multiple(() =>
        {
            Assert.That(publicApi, Has.Count.EqualTo(14));
            Assert.That(publicApi.Select(r => r.Value), Is.All.GreaterThan(0).And.All.Matches<double>(double.IsFinite));
            Assert.That(update.Single(r => r.Measure == "TotalMs").Value, Is.GreaterThan(0));
            Assert.That(File.ReadAllText(Path.Combine(Folder, "speed.md")), Does.StartWith("| measure | value | unit |").And.Contain("| D 64, batch 16, chains 2+2 |"));
        });
        if (log.ToString().Contains("The PyTorch comparison is skipped"))
            Assert.Warn("python3-torch is not installed: the PyTorch half of the speed suite was not exercised.");
        else
            Assert.That(store.Get($"NAE update/{NaeUpdateConfig.Quick[0].Name}/PyTorch").Single(r => r.Measure == "TotalMs").Value, Is.GreaterThan(0));
    }

    [Test]
    public void Micro_QuickRun_RunsEveryBenchmarkDotNetCase()
    {
        var log = new StringWriter();
        Assert.That(MicroBenchmarks.Run(Quick("micro"), log), Is.Zero);
        Assert.That(log.ToString(), Does.Contain("| RawForward |").And.Contain("| ScoreBatch |").And.Contain("| LangevinGradient |"));
    }

    [Test]
    public void PaperTable_ReadsTheNaePaperRowsAndMpdrDigitNine()
    {
        string root = Path.Combine(Folder, "datasets");
        Directory.CreateDirectory(Path.Combine(root, "published-results"));
        File.WriteAllText(Path.Combine(root, "published-results", "README.md"), """
              | hold-out | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | avg |
              |---|---|---|---|---|---|---|---|---|---|---|---|
              | NAE-OMI | .989 | .919 | .992 | .949 | .949 | .978 | .938 | .975 | .929 | .934 | .955 |
              | AE | .819 | .131 | .843 | .734 | .661 | .755 | .844 | .542 | .902 | .537 | .677 |
            - MPDR (NeurIPS 2023), as presented by its first author: MNIST hold-out digit 9 AUROC: MPDR-R .971 vs NAE .934;
            """);
        var table = PaperHoldoutTable.Load(root);
        Assert.Multiple(() =>
        {
            Assert.That(table.Get("NAE-OMI", 1), Is.EqualTo(0.919));
            Assert.That(table.Get("AE", 9), Is.EqualTo(0.537));
            Assert.That(table.Mean("NAE-OMI"), Is.EqualTo(0.9552).Within(1e-9));
            Assert.That(table.Get("MPDR-R", 9), Is.EqualTo(0.971));
            Assert.That(table.Get("MPDR-R", 1), Is.NaN);
            Assert.That(PaperHoldoutTable.Load(Path.Combine(Folder, "missing")).HasRows, Is.False);
        });
    }
}
