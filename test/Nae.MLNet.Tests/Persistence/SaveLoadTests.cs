using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.ModelFuzz;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Persistence;

/// <summary>Model.Save → Model.Load in a fresh MLContext and in a fresh process; damaged files give clear errors.</summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class SaveLoadTests
{
    private readonly DetectorInfo _info;

    public SaveLoadTests(DetectorInfo info) => _info = info;

    private EnergyDetectorOptions Options() => TestModels.SmallOptions(_info);

    private string _directory = null!;
    private string _modelPath = null!;
    private ITransformer _model = null!;
    private IDataView _train = null!, _test = null!;
    private float[] _scores = null!;

    [OneTimeSetUp]
    public void FitAndSave()
    {
        _directory = Path.Combine(Path.GetTempPath(), "nae-mlnet-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var ml = new MLContext(1);
        (_model, _train, _test) = TestModels.FitDigits(ml, Options());
        _scores = TestModels.Scores(_model.Transform(_test));
        _modelPath = Path.Combine(_directory, "model.zip");
        ml.Model.Save(_model, _train.Schema, _modelPath);
    }

    [OneTimeTearDown]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Load_FreshContext_GivesIdenticalScoresAndState()
    {
        var ml = new MLContext();
        ml.RegisterNaeMLNet();
        var loaded = ml.Model.Load(_modelPath, out var schema);
        var original = ((TransformerChain<EnergyAnomalyTransformer>)_model).LastTransformer;
        var restored = (EnergyAnomalyTransformer)((TransformerChain<ITransformer>)loaded).LastTransformer;
        Assert.Multiple(() =>
        {
            Assert.That(TestModels.Scores(loaded.Transform(_test)), Is.EqualTo(_scores));
            Assert.That(schema.Select(c => c.Name), Is.EqualTo(_train.Schema.Select(c => c.Name)));
            Assert.That(restored.Threshold, Is.EqualTo(original.Threshold));
            Assert.That(restored.FeatureCount, Is.EqualTo(original.FeatureCount));
            Assert.That(restored.DetectorName, Is.EqualTo(_info.PersistedName));
            Assert.That(restored.TrainingHistory, Is.EqualTo(original.TrainingHistory).Using<TrainingProgress>(SameEntry));
        });
        var engine = ml.Model.CreatePredictionEngine<DigitRow, ScoreRow>(loaded);
        Assert.That(engine.Predict(DigitsData.Test(1).First()).Score, Is.EqualTo(_scores[0]).Within(1e-3).Percent);
    }

    [Test]
    public void Load_FromStream_AndResave_RoundTrips()
    {
        var ml = new MLContext().RegisterNaeMLNet();
        ITransformer loaded;
        using (var stream = File.OpenRead(_modelPath)) loaded = ml.Model.Load(stream, out _);
        string again = Path.Combine(_directory, "again.zip");
        ml.Model.Save(loaded, _train.Schema, again);
        var reloaded = new MLContext().RegisterNaeMLNet().Model.Load(again, out _);
        Assert.That(TestModels.Scores(reloaded.Transform(_test)), Is.EqualTo(_scores));
    }

    [Test]
    public void Load_InFreshProcess_GivesIdenticalScores()
    {
        var ml = new MLContext();
        string dataPath = Path.Combine(_directory, "test.idv");
        using (var file = File.Create(dataPath)) ml.Data.SaveAsBinary(_test, file);
        var (exitCode, stdout, stderr) = CliProcess.Run($"score --model \"{_modelPath}\" --data \"{dataPath}\"");
        Assert.That(exitCode, Is.Zero, stderr);
        var scores = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.That(scores, Is.EqualTo(_scores));
    }

    [Test]
    public void CliScore_DataThatFailsPartWay_LeavesNoOutputFile()
    {
        var ml = new MLContext();
        string dataPath = Path.Combine(_directory, "cut.idv"), output = Path.Combine(_directory, "cut-scores.csv");
        using (var file = File.Create(dataPath)) ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(Enumerable.Repeat(DigitsData.Test(1), 20).SelectMany(r => r)), file);
        var bytes = File.ReadAllBytes(dataPath);
        File.WriteAllBytes(dataPath, bytes[..(bytes.Length * 2 / 3)]);
        var (exitCode, _, stderr) = CliProcess.Run($"score --model \"{_modelPath}\" --data \"{dataPath}\" --output \"{output}\"");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), stderr);
            Assert.That(File.Exists(output), Is.False, "no partial scores file");
            Assert.That(Directory.GetFiles(_directory, ".nae-tmp-*"), Is.Empty, "no temporary file left");
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
        });
    }

    [Test]
    public void CliScore_DataOfAnotherSchema_NamesTheColumn_ExitCode1()
    {
        var ml = new MLContext();
        string dataPath = Path.Combine(_directory, "other.idv");
        var rows = DigitsData.Test(1).Select(r => new ShortRow { Pixels = r.Pixels[..60] });
        using (var file = File.Create(dataPath)) ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(rows), file);
        var (exitCode, _, stderr) = CliProcess.Run($"score --model \"{_modelPath}\" --data \"{dataPath}\"");
        Assert.That(exitCode, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("column 'Pixels' is Vector<Single, 60>, but the model takes Vector<Single, 64>"));
    }

    public sealed class ShortRow
    {
        [VectorType(60)]
        public float[] Pixels { get; set; } = Array.Empty<float>();
    }

    [Test]
    public void Load_TruncatedZip_ThrowsFormatException()
    {
        var bytes = File.ReadAllBytes(_modelPath);
        string path = Path.Combine(_directory, "truncated.zip");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<FormatException>(() => new MLContext().RegisterNaeMLNet().Model.Load(path, out _))!;
        Assert.That(error.Message, Does.Contain("zip"));
    }

    [Test]
    public void Load_ForeignZip_ThrowsClearError()
    {
        string path = Path.Combine(_directory, "foreign.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
            writer.Write("not a model");
        var error = Assert.Throws<InvalidOperationException>(() => new MLContext().RegisterNaeMLNet().Model.Load(path, out _))!;
        Assert.That(error.Message, Does.Contain("model"));
    }

    [TestCase("layout version", 99, "the layout version is 99")]
    [TestCase("batch size", -7, "the checksum does not match the content")] // inside the digested body of layout 2
    public void Load_CorruptDetectorEntry_ThrowsFormatExceptionNamingEntryAndField(string field, int value, string expected)
    {
        var content = ModelFiles.ReadDetectorStream(_modelPath);
        var layout = ModelFiles.Locate(content);
        // the batch size comes before the threshold (4 bytes), the device "cpu" (1 + 3) and the score count
        BitConverter.GetBytes(value).CopyTo(content, field == "batch size" ? layout.ScoreCount - (1 + 3) - 4 - 4 : layout.Magic + 4);
        string path = Path.Combine(_directory, $"corrupt-{field.Replace(' ', '-')}.zip");
        ModelFiles.WriteWithDetectorStream(_modelPath, path, content);
        var error = Assert.Catch(() => new MLContext().RegisterNaeMLNet().Model.Load(path, out _))!;
        var format = error as FormatException ?? error.InnerException as FormatException ?? error.InnerException?.InnerException as FormatException;
        Assert.That(format, Is.Not.Null, error.ToString());
        Assert.That(format!.Message, Does.Contain("Model.key").And.Contain(expected));
    }

    private static bool SameEntry(TrainingProgress a, TrainingProgress b) =>
        a.Phase == b.Phase && a.Epoch == b.Epoch && a.TrainingLoss.Equals(b.TrainingLoss) && a.Elapsed == b.Elapsed;

    internal static string CliPath() => CliProcess.Path();
}
