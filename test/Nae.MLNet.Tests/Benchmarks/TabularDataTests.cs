using Nae.MLNet.Benchmarks.Tabular;

namespace Nae.MLNet.Tests.Benchmarks;

/// <summary>The tabular suite's reading, splitting and scaling, on files written here.</summary>
public class TabularDataTests : TemporaryFolderTests
{
    private TabularData Synthetic(int normals, int anomalies)
    {
        var lines = new List<string> { "f0,f1,f2,label" };
        for (int i = 0; i < normals; i++) lines.Add($"{i},{2 * i + 10},7,0");
        for (int i = 0; i < anomalies; i++) lines.Add($"{1000 + i},-5,7,1");
        string path = Path.Combine(Folder, "synthetic.csv");
        File.WriteAllLines(path, lines);
        return new TabularDataSet("synthetic", path).Load();
    }

    [Test]
    public void Novelty_TrainsOnSeventyPercentOfNormals_TestsOnTheRestAndEveryAnomaly()
    {
        var data = Synthetic(100, 20);
        var split = TabularSplit.Create(data, "novelty", seed: 1, maxTrainRows: 0);
        Assert.Multiple(() =>
        {
            Assert.That(split.Train, Has.Length.EqualTo(70));
            Assert.That(split.TrainAnomalies, Is.EqualTo(0));
            Assert.That(split.Test, Has.Length.EqualTo(50));
            Assert.That(split.TestLabels.Count(l => l == 1), Is.EqualTo(20));
            Assert.That(split.Train.Min(r => r[0]), Is.EqualTo(0f));
            Assert.That(split.Train.Max(r => r[0]), Is.EqualTo(1f));
            Assert.That(split.Train.Select(r => r[2]), Is.All.EqualTo(0f), "a constant column is shifted, not divided by zero");
            Assert.That(split.Test.Where((_, i) => split.TestLabels[i] == 1).Select(r => r[0]), Is.All.GreaterThan(1f),
                "test rows are scaled with the training statistics, so anomalies may leave [0, 1]");
        });
    }

    [Test]
    public void Splits_AreStratifiedForUnsupervised_CappedAndSeeded()
    {
        var data = Synthetic(100, 20);
        var unsupervised = TabularSplit.Create(data, "unsupervised", seed: 1, maxTrainRows: 0);
        var capped = TabularSplit.Create(data, "novelty", seed: 1, maxTrainRows: 30);
        Assert.Multiple(() =>
        {
            Assert.That(unsupervised.Train, Has.Length.EqualTo(84));
            Assert.That(unsupervised.TrainAnomalies, Is.EqualTo(14));
            Assert.That(unsupervised.TestLabels.Count(l => l == 1), Is.EqualTo(6));
            Assert.That(capped.Train, Has.Length.EqualTo(30));
            Assert.That(capped.Test, Has.Length.EqualTo(50), "the cap drops training rows only");
            Assert.That(TabularSplit.Create(data, "novelty", 1, 0).Test, Is.EqualTo(TabularSplit.Create(data, "novelty", 1, 0).Test));
            Assert.That(TabularSplit.Create(data, "novelty", 2, 0).Test, Is.Not.EqualTo(TabularSplit.Create(data, "novelty", 1, 0).Test));
        });
    }

    [TestCase("f0,f1,label\n1,2,0\n1,2\n", "line 3: expected 3 values, but got 2")]
    [TestCase("f0,f1,label\n1,x,0\n", "line 2, column f1: 'x' is not a finite number")]
    [TestCase("f0,f1,label\n1,2,2\n", "line 2: label must be 0 or 1, but was '2'")]
    [TestCase("f0,f1,class\n1,2,0\n", "expected a header 'f0,...,f{d-1},label'")]
    public void Load_NamesTheFileLineAndColumnOfABadValue(string text, string expected)
    {
        string path = Path.Combine(Folder, "bad.csv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<InvalidDataException>(() => new TabularDataSet("bad", path).Load());
        Assert.That(error!.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void BundledAndSharedSets_AreFound()
    {
        Assert.That(TabularDataSet.Bundled().Select(s => s.Name), Is.EqualTo(new[] { "39_vertebral", "42_WBC" }));
        var vertebral = TabularDataSet.Bundled()[0].Load();
        Assert.That((vertebral.Rows.Length, vertebral.Features, vertebral.Anomalies), Is.EqualTo((240, 6, 30)));
        if (Nae.MLNet.Benchmarks.Harness.SharedDatasets.Find() is { } root)
        {
            var all = TabularDataSet.Discover(root);
            Assert.That(all, Has.Count.EqualTo(48), "43 ADBench sets and 5 ODDS-only sets");
            Assert.That(all[0].Name, Is.EqualTo("1_ALOI"));
            Assert.That(all[^1].Name, Does.StartWith("ODDS "));
        }
    }
}
