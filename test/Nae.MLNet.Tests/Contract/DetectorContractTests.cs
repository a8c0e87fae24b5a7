using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Contract;

/// <summary>The ML.NET contract of every fitted detector: schema, lazy batched Transform, alignment, PredictionEngine, Evaluate, thresholds.</summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class DetectorContractTests
{
    private readonly DetectorInfo _info;

    public DetectorContractTests(DetectorInfo info) => _info = info;

    private EnergyDetectorOptions Options() => TestModels.SmallOptions(_info);

    private MLContext _ml = null!;
    private ITransformer _model = null!;
    private IDataView _test = null!;
    private EnergyAnomalyTransformer _detector = null!;

    [OneTimeSetUp]
    public void FitOnce()
    {
        _ml = new MLContext(seed: 1);
        (_model, _, _test) = TestModels.FitDigits(_ml, Options());
        _detector = ((TransformerChain<EnergyAnomalyTransformer>)_model).LastTransformer;
    }

    [Test]
    public void Detector_IsTheOneRequested() => Assert.That(_detector.DetectorName, Is.EqualTo(_info.PersistedName));

    [Test]
    public void Transform_AddsScoreAndPredictedLabel_WithEvaluatorAnnotations()
    {
        var schema = _model.Transform(_test).Schema;
        Assert.Multiple(() =>
        {
            Assert.That(schema["Score"].Type, Is.EqualTo(NumberDataViewType.Single));
            Assert.That(schema["PredictedLabel"].Type, Is.EqualTo(BooleanDataViewType.Instance));
            Assert.That(schema["Name"].Index, Is.EqualTo(_test.Schema["Name"].Index), "input columns keep their index");
            ReadOnlyMemory<char> kind = default;
            schema["Score"].Annotations.GetValue("ScoreColumnKind", ref kind);
            Assert.That(kind.ToString(), Is.EqualTo("AnomalyDetection"));
        });
    }

    [Test]
    public void Evaluate_Works_AndPlantedNoiseScoresHigherThanDigits()
    {
        var random = new Random(5);
        var noise = Enumerable.Range(0, 60).Select(i => new DigitRow
        {
            Id = 10_000 + i, Label = 1, Name = "noise",
            Pixels = Enumerable.Range(0, 64).Select(_ => (float)random.Next(0, 17)).ToArray(),
        });
        var normals = DigitsData.Test(heldOut: 1).Where(r => r.Label == 0);
        var data = _ml.Data.LoadFromEnumerable(normals.Concat(noise));
        var metrics = _ml.AnomalyDetection.Evaluate(_model.Transform(data), labelColumnName: "Label");
        Assert.That(metrics.AreaUnderRocCurve, Is.GreaterThan(0.95));
    }

    [Test]
    public void Transform_IsLazy_AndScoresInBatches()
    {
        var scored = _model.Transform(_test);
        long before = _detector.Scorer.BatchCalls;
        using (var cursor = scored.GetRowCursor(new[] { scored.Schema["Name"] }))
            while (cursor.MoveNext()) { }
        Assert.That(_detector.Scorer.BatchCalls, Is.EqualTo(before), "a cursor without Score must not score");

        int rows = TestModels.Scores(scored).Length;
        long expectedBatches = (rows + 63) / 64;
        Assert.That(_detector.Scorer.BatchCalls - before, Is.EqualTo(expectedBatches));
    }

    [Test]
    public void Transform_ShuffledInput_KeepsPassThroughColumnsAlignedWithTheirScores()
    {
        var engine = _ml.Model.CreatePredictionEngine<DigitRow, ScoreRow>(_model);
        var expected = DigitsData.Test(1).ToDictionary(r => r.Id, r => (engine.Predict(r).Score, r.Pixels, r.Name));
        var shuffled = _ml.Data.ShuffleRows(_test, seed: 3);
        var rows = _ml.Data.CreateEnumerable<ScoredDigit>(_model.Transform(shuffled), reuseRowObject: false).ToList();
        Assert.That(rows.Select(r => r.Id), Is.Not.Ordered, "the input really is shuffled");
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                var (score, pixels, name) = expected[row.Id];
                Assert.That(row.Score, Is.EqualTo(score).Within(1e-3).Percent, $"row {row.Id}");
                Assert.That(row.Pixels, Is.EqualTo(pixels), $"row {row.Id}");
                Assert.That(row.Name, Is.EqualTo(name));
            }
        });
    }

    [Test]
    public void PredictionEngine_MatchesTransform()
    {
        var engine = _ml.Model.CreatePredictionEngine<DigitRow, ScoreRow>(_model);
        var batched = TestModels.Scores(_model.Transform(_test));
        var single = DigitsData.Test(1).Select(r => engine.Predict(r).Score).ToArray();
        Assert.That(single, Is.EqualTo(batched).Within(1e-3).Percent);
    }

    [Test]
    public void PredictionEngine_OneEnginePerThread_IsSafe()
    {
        var rows = DigitsData.Test(1).ToArray();
        var reference = _ml.Model.CreatePredictionEngine<DigitRow, ScoreRow>(_model);
        var expected = rows.Select(r => reference.Predict(r).Score).ToArray();
        int mismatches = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var engine = _ml.Model.CreatePredictionEngine<DigitRow, ScoreRow>(_model);
            for (int i = 0; i < rows.Length; i++)
                if (Math.Abs(engine.Predict(rows[i]).Score - expected[i]) > 1e-6f * Math.Max(1, expected[i]))
                    Interlocked.Increment(ref mismatches);
        });
        Assert.That(mismatches, Is.Zero);
    }

    [Test]
    public void PredictedLabel_IsScoreAboveThreshold_AndThresholdCanChange()
    {
        var scored = _ml.Data.CreateEnumerable<ScoreRow>(_model.Transform(_test), false).ToList();
        Assert.That(scored.All(r => r.PredictedLabel == r.Score > _detector.Threshold));

        using var strict = _detector.WithThreshold(float.MaxValue);
        Assert.That(_ml.Data.CreateEnumerable<ScoreRow>(strict.Transform(_ml.Transforms.CopyColumns("Features", "Pixels").Fit(_test).Transform(_test)), false)
            .Any(r => r.PredictedLabel), Is.False);
    }

    [Test]
    public void WithFalsePositiveRate_FlagsAboutThatShareOfNormalRows()
    {
        var featurized = ((TransformerChain<EnergyAnomalyTransformer>)_model);
        var normals = _ml.Data.LoadFromEnumerable(DigitsData.Test(1).Where(r => r.Label == 0));
        using var loose = _detector.WithFalsePositiveRate(0.2);
        var prefix = new TransformerChain<ITransformer>(featurized.Take(featurized.Count() - 1).ToArray());
        var flagged = _ml.Data.CreateEnumerable<ScoreRow>(loose.Transform(prefix.Transform(normals)), false).Average(r => r.PredictedLabel ? 1.0 : 0.0);
        Assert.Multiple(() =>
        {
            Assert.That(loose.Threshold, Is.LessThan(_detector.Threshold));
            Assert.That(flagged, Is.EqualTo(0.2).Within(0.1));
        });
    }

    [Test]
    public void Transformer_ExposesFeatureSizeAndHistory()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_detector.FeatureCount, Is.EqualTo(64));
            Assert.That(_detector.FeatureColumnName, Is.EqualTo("Features"));
            Assert.That(_detector.TrainingHistory, Is.Not.Empty);
            foreach (var phase in _detector.TrainingHistory.GroupBy(h => h.Phase))
                Assert.That(phase.Select(h => h.Epoch), Is.EqualTo(Enumerable.Range(1, phase.Count())), $"{phase.Key} epochs");
            Assert.That(_detector.TrainingHistory.All(h => double.IsFinite(h.TrainingLoss) && double.IsFinite(h.ValidationLoss)));
        });
    }

    [Test]
    public void Transform_WrongFeatureSize_ThrowsNamingTheColumnAndSizes()
    {
        var narrow = _ml.Data.LoadFromEnumerable(new[] { new SmallRow { Features = new float[10] } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _detector.Transform(narrow))!;
        Assert.That(error.Message, Does.Contain("'Features'").And.Contain("10").And.Contain("64"));
    }

    public sealed class SmallRow
    {
        [VectorType(10)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class ScoredDigit
    {
        public int Id { get; set; }
        [VectorType(64)]
        public float[] Pixels { get; set; } = Array.Empty<float>();
        public string Name { get; set; } = "";
        public float Score { get; set; }
    }
}
