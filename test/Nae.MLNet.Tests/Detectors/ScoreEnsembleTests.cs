using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Scoring;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>The score ensemble: empirical-CDF mapping, averaging, its threshold, PredictionEngine, save/load, ownership.</summary>
public class ScoreEnsembleTests
{
    [TestCase(0.5f, 0.0)]
    [TestCase(1f, 0.25)]
    [TestCase(2.5f, 0.5)]
    [TestCase(4f, 1.0)]
    [TestCase(float.PositiveInfinity, 1.0)]
    public void Cdf_IsTheShareOfCalibrationScoresAtOrBelow(float score, double expected) =>
        Assert.That(EnsembleScorer.Cdf(new[] { 1f, 2f, 3f, 4f }, score), Is.EqualTo(expected));

    [Test]
    public void Ensemble_AveragesItsMembersCdfs_KeepsItsRate_AndSavesLoadsAndPredicts()
    {
        var ml = new MLContext(1);
        var featurize = ml.Transforms.CopyColumns("Features", nameof(DigitRow.Pixels)).Append(ml.Transforms.NormalizeMinMax("Features"));
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var featurizer = featurize.Fit(train);
        var features = featurizer.Transform(train);
        var members = new[] { 1, 2 }.Select(seed =>
        {
            var options = TestModels.SmallAutoencoder();
            options.Seed = seed;
            return ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(features);
        }).ToList();
        var test = featurizer.Transform(ml.Data.LoadFromEnumerable(DigitsData.Test(1)));
        var normals = featurizer.Transform(ml.Data.LoadFromEnumerable(DigitsData.Test(1).Where(r => r.Label == 0)));
        using var ensemble = ScoreEnsembleTransformer.Create(members, normals, 0.1);
        var scores = TestModels.Scores(ensemble.Transform(test));
        var memberScores = members.Select(m => TestModels.Scores(m.Transform(test))).ToList();
        var expected = scores.Select((_, i) => (float)members.Select((m, k) =>
            EnsembleScorer.Cdf(CalibrationOf(m), memberScores[k][i]) / 2).Sum()).ToArray();
        var normalScores = TestModels.Scores(ensemble.Transform(normals));
        var flagged = normalScores.Count(s => s > ensemble.Threshold) / (double)normalScores.Length;
        using var stream = new MemoryStream();
        ml.Model.Save(ensemble, test.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.LoadWithNaeMLNet(stream, out _);
        var engine = ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(ensemble, new PredictionEngineOptions { OwnsTransformer = false });
        var first = test.GetColumn<float[]>("Features").First();
        foreach (var member in members) member.Dispose(); // the ensemble holds its own references
        Assert.Multiple(() =>
        {
            Assert.That(ensemble.MemberDetectors, Is.EqualTo(new[] { "Autoencoder", "Autoencoder" }));
            Assert.That(scores, Is.EqualTo(expected).Within(1e-6));
            Assert.That(flagged, Is.LessThanOrEqualTo(0.1 + 1e-9), "on the calibration rows themselves the rate is kept");
            Assert.That(ensemble.CalibrationRowCount, Is.EqualTo(normalScores.Length));
            Assert.That(TestModels.Scores(loaded.Transform(test)), Is.EqualTo(scores));
            Assert.That(engine.Predict(new FeatureRow { Features = first }).Score, Is.EqualTo(scores[0]).Within(1e-6));
            Assert.That(TestModels.Scores(ensemble.Transform(test)), Is.EqualTo(scores), "still scores after its members were disposed");
        });
    }

    private static float[] CalibrationOf(EnergyAnomalyTransformer member) => member.State.CalibrationScores;

    public sealed class FeatureRow
    {
        [VectorType(64)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
