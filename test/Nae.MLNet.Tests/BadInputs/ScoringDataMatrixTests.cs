using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, scoring: bad rows through Transform and through a PredictionEngine give the same answer (an
/// exception naming column, row and sizes, or the documented score), and a disposed model refuses to be used or saved
/// instead of failing inside libtorch. See docs/getting-started.md, "Errors".
/// </summary>
public class ScoringDataMatrixTests
{
    private const int Size = 64;
    private MLContext _ml = null!;
    private EnergyAnomalyTransformer _model = null!;

    [OneTimeSetUp]
    public void Fit()
    {
        _ml = new MLContext(1);
        _model = _ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(epochs: 3)).Fit(Load(Features()));
    }

    [OneTimeTearDown]
    public void Dispose() => _model.Dispose();

    private static IEnumerable<TestCaseData> BadRows()
    {
        yield return new TestCaseData(60, "'Features' has 60 values at row 3, but 64 were expected").SetName("row shorter than declared");
        yield return new TestCaseData(70, "'Features' has 70 values at row 3, but 64 were expected").SetName("row longer than declared");
    }

    [TestCaseSource(nameof(BadRows))]
    public void RowOfAnotherLength_Transform_NamesColumnRowAndSizes(int length, string words)
    {
        var data = Load(Features().Select((r, i) => i == 3 ? new float[length] : r));
        var error = Assert.Throws<InvalidOperationException>(() => TestModels.Scores(_model.Transform(data)))!;
        Assert.That(error.Message, Does.Contain(words));
    }

    [TestCaseSource(nameof(BadRows))]
    public void RowOfAnotherLength_PredictionEngine_NamesColumnAndSizes(int length, string words)
    {
        using var engine = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_model, new PredictionEngineOptions { OwnsTransformer = false });
        engine.Predict(new FeatureRow { Features = Features().First() });
        var error = Assert.Throws<InvalidOperationException>(() => engine.Predict(new FeatureRow { Features = new float[length] }))!;
        Assert.That(error.Message, Does.Contain(words.Split(" at row")[0]).And.Contain("but 64 were expected"));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void NonFiniteRow_ScoresInfinity_AndIsFlagged_InTransformAndPredictionEngine(float value)
    {
        var rows = Features().Take(5).Select(r => (float[])r.Clone()).ToList();
        rows[2][10] = value;
        var scored = _model.Transform(Load(rows));
        var scores = scored.GetColumn<float>("Score").ToArray();
        var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
        using var engine = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_model, new PredictionEngineOptions { OwnsTransformer = false });
        var predicted = engine.Predict(new FeatureRow { Features = rows[2] });
        Assert.Multiple(() =>
        {
            Assert.That(scores[2], Is.EqualTo(float.PositiveInfinity));
            Assert.That(labels[2], Is.True);
            Assert.That(scores.Where((_, i) => i != 2), Has.All.Matches<float>(float.IsFinite), "the other rows of the batch are unaffected");
            Assert.That((predicted.Score, predicted.PredictedLabel), Is.EqualTo((float.PositiveInfinity, true)));
        });
    }

    [Test]
    public void MissingOrResizedColumn_IsRefusedBeforeScoring()
    {
        var missing = _ml.Data.LoadFromEnumerable(DigitsData.Test(1));
        var resized = _ml.Data.LoadFromEnumerable(Features().Select(r => new ShortRow { Features = r[..60] }));
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _model.Transform(missing))!.Message, Does.Contain("'Features'").And.Contain("not found"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _model.Transform(resized))!.Message, Does.Contain("has 60 slots, but the model was trained on 64"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _model.GetRowToRowMapper(resized.Schema))!.Message, Does.Contain("has 60 slots"));
        });
    }

    [Test]
    public void DisposedModel_RefusesTransformSaveAndCopies_ButEarlierCopiesKeepWorking()
    {
        var model = Refit();
        var copy = model.WithThreshold(0.5f);
        var data = Load(Features().Take(10));
        float[] expected = TestModels.Scores(model.Transform(data));
        model.Dispose();
        model.Dispose(); // a second Dispose does nothing: it must not free the network the copy still uses
        using var stream = new MemoryStream();
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ObjectDisposedException>(() => model.Transform(data))!.Message, Does.Contain("was disposed"));
            Assert.Throws<ObjectDisposedException>(() => model.WithThreshold(1));
            Assert.Throws<ObjectDisposedException>(() => model.GetRowToRowMapper(data.Schema));
            Assert.Throws<ObjectDisposedException>(() => _ml.Model.Save(model, data.Schema, stream));
            Assert.That(TestModels.Scores(copy.Transform(data)), Is.EqualTo(expected), "the copy shares the network and keeps it alive");
        });
        copy.Dispose();
        Assert.Throws<ObjectDisposedException>(() => TestModels.Scores(copy.Transform(data)));
    }

    [Test]
    public void PredictionEngines_WithDefaultOptions_OwnTheModel_YetOtherEnginesKeepWorking()
    {
        var model = Refit();
        var row = new FeatureRow { Features = Features().First() };
        var first = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model);
        var second = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model);
        float expected = first.Predict(row).Score;
        first.Dispose(); // ML.NET's default: the engine owns the model and disposes it
        Assert.Multiple(() =>
        {
            Assert.That(second.Predict(row).Score, Is.EqualTo(expected), "the other engine holds its own reference");
            Assert.Throws<ObjectDisposedException>(() => model.Transform(Load(Features().Take(2))), "the model itself was disposed by its owner");
        });
        second.Dispose();
    }

    [Test]
    public void PredictionEngine_ThatDoesNotOwnTheModel_LeavesItUsable()
    {
        var model = Refit();
        using (var engine = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model, new PredictionEngineOptions { OwnsTransformer = false }))
            engine.Predict(new FeatureRow { Features = Features().First() });
        using var stream = new MemoryStream();
        _ml.Model.Save(model, Load(Features().Take(1)).Schema, stream);
        Assert.That(stream.Length, Is.GreaterThan(10_000), "a complete model was written");
        model.Dispose();
    }

    private EnergyAnomalyTransformer Refit() => _ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(epochs: 1)).Fit(Load(Features()));

    private static IEnumerable<float[]> Features() => DigitsData.Test(1).Select(r => r.Pixels.Select(p => p / 16f).ToArray());

    private IDataView Load(IEnumerable<float[]> rows) => _ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }));

    public sealed class FeatureRow
    {
        [VectorType(Size)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class ShortRow
    {
        [VectorType(60)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
