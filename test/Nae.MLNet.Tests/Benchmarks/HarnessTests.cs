using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Benchmarks.Tabular;

namespace Nae.MLNet.Tests.Benchmarks;

/// <summary>Known answers for the harness's statistics and its journal, resume and stop behaviour.</summary>
public class HarnessTests : TemporaryFolderTests
{
    [Test]
    public void Auroc_KnownAnswers()
    {
        Assert.Multiple(() =>
        {
            // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
            Assert.That(Auroc.Compute(new[] { 0.1, 0.4, 0.35, 0.8 }, new[] { 0, 0, 1, 1 }), Is.EqualTo(0.75).Within(1e-12));
            Assert.That(Auroc.Compute(new[] { 1.0, 2, 3, 4 }, new[] { 0, 0, 1, 1 }), Is.EqualTo(1.0));
            Assert.That(Auroc.Compute(new[] { 4.0, 3, 2, 1 }, new[] { 0, 0, 1, 1 }), Is.EqualTo(0.0));
            Assert.That(Auroc.Compute(new[] { 1.0, 1, 1, 1, 1 }, new[] { 0, 1, 0, 1, 0 }), Is.EqualTo(0.5), "ties count one half");
            // one tie between a positive and a negative: pairs (p=2,n=1) win, (p=2,n=2) tie, (p=3,*) win → (3 + 0.5) / 4
            Assert.That(Auroc.Compute(new[] { 1.0, 2, 2, 3 }, new[] { 0, 0, 1, 1 }), Is.EqualTo(0.875).Within(1e-12));
            Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { 1.0, 2 }, new[] { 0, 0 }));
            Assert.Throws<ArgumentException>(() => Auroc.Compute(new[] { double.NaN, 2 }, new[] { 0, 1 }));
        });
    }

    [Test]
    public void Ranking_MeanRanksShareTiesAndSkipIncompleteSets()
    {
        var auroc = new List<double[]>
        {
            new[] { 0.9, 0.8, 0.8 },        // ranks 1, 2.5, 2.5
            new[] { 0.5, 0.7, 0.6 },        // ranks 3, 1, 2
            new[] { 0.9, double.NaN, 0.1 }, // incomplete: skipped
        };
        var (ranks, sets) = Ranking.MeanRanks(auroc);
        Assert.Multiple(() =>
        {
            Assert.That(sets, Is.EqualTo(2));
            Assert.That(ranks, Is.EqualTo(new[] { 2.0, 1.75, 2.25 }).Within(1e-12));
            Assert.That(Ranking.WinsTiesLosses(new[] { 0.9, 0.5, 0.705, double.NaN }, new[] { 0.8, 0.6, 0.7, 0.5 }), Is.EqualTo((1, 1, 1)));
        });
    }

    [Test]
    public void ResultStore_ReopensFinishedSections_IgnoresATornLine_AndFreshStartsOver()
    {
        var store = new ResultStore(Folder, "suite", fresh: false);
        store.Add("a", new[] { new BenchmarkRecord("set", "m", 1, "AUROC", 0.75, "") });
        store.Add("b, with comma", new[] { new BenchmarkRecord("set, 2", "m", 1, "FitSeconds", 2.5, "s") });
        File.AppendAllText(store.JournalPath, "{\"Section\":\"c\",\"Rec");

        var reopened = new ResultStore(Folder, "suite", fresh: false);
        string csv = File.ReadAllText(reopened.WriteCsv());
        Assert.Multiple(() =>
        {
            Assert.That(reopened.IsDone("a") && reopened.IsDone("b, with comma"), Is.True);
            Assert.That(reopened.IsDone("c"), Is.False, "a torn last line is not a finished section");
            Assert.That(reopened.Get("a").Single().Value, Is.EqualTo(0.75));
            Assert.That(csv, Is.EqualTo("data_set,method,seed,measure,value,unit\nset,m,1,AUROC,0.75,\n\"set, 2\",m,1,FitSeconds,2.5,s\n"));
            Assert.That(new ResultStore(Folder, "suite", fresh: true).IsDone("a"), Is.False);
        });
    }

    [Test]
    public void SectionRunner_SkipsFinishedSections_AndStopsCleanlyAtTheStopFile()
    {
        var ran = new List<string>();
        Section Make(string name) => new(name, () =>
        {
            ran.Add(name);
            return new[] { new BenchmarkRecord(name, "m", 1, "AUROC", 0.5, "") };
        });
        var store = new ResultStore(Folder, "suite", fresh: false);
        var runner = new SectionRunner(store, TextWriter.Null);
        store.Add("one", Array.Empty<BenchmarkRecord>());

        Assert.That(runner.RunAll(new[] { Make("one"), Make("two") }), Is.EqualTo(1));
        File.WriteAllText(runner.StopPath, "");
        Assert.That(runner.RunAll(new[] { Make("one"), Make("two"), Make("three") }), Is.EqualTo(0));
        Assert.That(File.Exists(runner.StopPath), Is.False, "the stop file is consumed");
        Assert.That(runner.RunAll(new[] { Make("one"), Make("two"), Make("three") }), Is.EqualTo(1));
        Assert.That(ran, Is.EqualTo(new[] { "two", "three" }));
    }

    [Test]
    public void SectionRunner_ReportsAFailedSection_KeepsGoing_AndRetriesItNextTime()
    {
        var store = new ResultStore(Folder, "suite", fresh: false);
        bool broken = true;
        var sections = new[]
        {
            new Section("flaky", () => broken ? throw new InvalidOperationException("boom") : Array.Empty<BenchmarkRecord>()),
            new Section("fine", () => Array.Empty<BenchmarkRecord>()),
        };
        var log = new StringWriter();
        var first = new SectionRunner(store, log);
        Assert.That(first.RunAll(sections), Is.EqualTo(1));
        Assert.That(first.Report(log), Is.EqualTo(1));
        Assert.That(log.ToString(), Does.Contain("flaky FAILED (InvalidOperationException: boom)"));
        Assert.That(store.IsDone("flaky"), Is.False);
        broken = false;
        Assert.That(new SectionRunner(store, TextWriter.Null).RunAll(sections), Is.EqualTo(1), "only the failed section runs again");
        Assert.That(store.IsDone("flaky"), Is.True);
    }

    [Test]
    public void NpyWriter_WritesAnAlignedHeaderAndLittleEndianFloats()
    {
        string path = Path.Combine(Folder, "x.npy");
        NpyWriter.Write(path, new[] { new[] { 1f, 2f, 3f }, new[] { -0.5f, 0f, 1e-3f } });
        var bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Multiple(() =>
        {
            Assert.That(bytes[..6], Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }));
            Assert.That((10 + headerLength) % 64, Is.EqualTo(0));
            Assert.That(header, Does.Contain("'descr': '<f4'").And.Contain("'shape': (2, 3)").And.EndWith("\n"));
            Assert.That(bytes.Length, Is.EqualTo(10 + headerLength + 6 * 4));
            Assert.That(BitConverter.ToSingle(bytes, 10 + headerLength + 3 * 4), Is.EqualTo(-0.5f));
            Assert.Throws<ArgumentException>(() => NpyWriter.Write(path, new[] { new[] { 1f }, new[] { 1f, 2f } }));
        });
    }

    [Test]
    public void Arguments_DefaultsAndClearErrors()
    {
        var parsed = BenchmarkArguments.Parse(new[] { "tabular", "--quick", "--seeds", "1,2,3", "--only", "a, b", "--methods", "NAE tabular,KNN", "--set", "NaeIterations=5" });
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Seeds, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(parsed.Only, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(parsed.Protocol, Is.EqualTo("novelty"));
            Assert.That(parsed.MaxTrainRows, Is.EqualTo(10_000));
            Assert.That(parsed.Overrides, Is.EqualTo(new[] { "NaeIterations=5" }));
            Assert.That(parsed.Includes("A") && !parsed.Includes("c"), Is.True);
            Assert.That(parsed.IncludesMethod("nae TABULAR") && !parsed.IncludesMethod("NAE"), Is.True);
            Assert.That(BenchmarkArguments.Parse(new[] { "holdout" }).IncludesMethod("anything"), Is.True);
            Assert.That(Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(new[] { "mnist" }))!.Message, Does.Contain("holdout, tabular, speed"));
            Assert.That(Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(new[] { "speed", "--fast" }))!.Message, Does.Contain("'--fast'"));
            Assert.That(Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(new[] { "tabular", "--protocol", "x" }))!.Message, Does.Contain("novelty"));
            Assert.That(Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(new[] { "tabular", "--seeds", "one" }))!.Message, Does.Contain("--seeds"));
            Assert.That(Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(new[] { "tabular", "--set", "Nope=1" }))!.Message, Does.Contain("Nope"));
            Assert.That(Assert.Throws<ArgumentException>(() => DeviceCheck.Require("tpu"))!.Message, Does.Contain("'tpu'"));
        });
    }

    [Test]
    public void ResultsPage_ReplacesOnlyItsOwnBlock()
    {
        string results = Path.Combine(Folder, "benchmarks");
        Directory.CreateDirectory(results);
        File.WriteAllText(results + ".md", "# Page\n<!-- results:a -->\nold a\n<!-- /results:a -->\ntext\n<!-- results:b -->\nold b\n<!-- /results:b -->\n");
        Assert.Multiple(() =>
        {
            Assert.That(ResultsPage.Update(results, "a", "| new |\n"), Is.True);
            Assert.That(ResultsPage.Update(results, "missing", "x"), Is.False);
            Assert.That(File.ReadAllText(results + ".md"),
                Is.EqualTo("# Page\n<!-- results:a -->\n| new |\n<!-- /results:a -->\ntext\n<!-- results:b -->\nold b\n<!-- /results:b -->\n"));
            Assert.That(ResultsPage.Update(Path.Combine(Folder, "elsewhere"), "a", "x"), Is.False);
        });
    }
}
