using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;
using Nae.MLNet.Training;

namespace Nae.MLNet.Tests.Training;

/// <summary>The diagnostic check set: its AUROC (known answers), its metrics in every report of both phases, the last
/// report agreeing with the trained model's scores, and its bad inputs.</summary>
public class CheckSetTests
{
    [Test]
    public void Auroc_KnownAnswers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckSetScores.Auroc(new[] { 0.1f, 0.4f, 0.35f, 0.8f }, new[] { false, false, true, true }), Is.EqualTo(0.75), "3 of 4 pairs ordered");
            Assert.That(CheckSetScores.Auroc(new[] { 1f, 1f }, new[] { false, true }), Is.EqualTo(0.5), "a tie counts one half");
            Assert.That(CheckSetScores.Auroc(new[] { float.NaN, 0f }, new[] { true, false }), Is.EqualTo(0), "NaN ranks as the least anomalous");
        });
    }

    [Test]
    public void CheckSet_IsScoredAtEveryReport_AndTheLastReportMatchesTheTrainedModel()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var test = DigitsData.Test(1).ToList();
        var featurizer = DigitsData.Featurize(ml).Fit(train);
        var rows = featurizer.Transform(ml.Data.LoadFromEnumerable(test)).GetColumn<float[]>("Features").ToList();
        var anomalies = test.Select(r => r.Label > 0.5f).ToList();
        var options = TestModels.SmallNae();
        options.CheckSet = new TrainingCheck(rows, anomalies).WithImageProbes();
        var (model, _, testView) = TestModels.FitDigits(ml, options);
        var detector = ((TransformerChain<EnergyAnomalyTransformer>)model).LastTransformer;
        var scores = TestModels.Scores(model.Transform(testView));
        var history = detector.TrainingHistory;
        var last = history.Last(h => h.Phase == TrainingPhase.NormalizedAutoencoder);
        Assert.Multiple(() =>
        {
            Assert.That(history, Has.All.Matches<TrainingProgress>(h => h.Metrics.ContainsKey("CheckAuroc") && h.Metrics.ContainsKey("CheckNormalEnergy")
                && h.Metrics.ContainsKey("CheckAnomalyEnergy") && h.Metrics.ContainsKey("Probe.blank") && h.Metrics.ContainsKey("Probe.noise")),
                "every autoencoder epoch and every NAE report");
            Assert.That(history.Select(h => h.Phase).Distinct(), Is.EquivalentTo(new[] { TrainingPhase.Autoencoder, TrainingPhase.NormalizedAutoencoder }));
            Assert.That(last.Metrics["CheckAuroc"], Is.EqualTo(CheckSetScores.Auroc(scores, anomalies)).Within(2e-3), "the last report scored the final weights");
            Assert.That(last.Metrics["CheckAuroc"], Is.GreaterThan(0.5));
            Assert.That(options.ToString(), Does.Contain($"CheckSet = {rows.Count} rows ({anomalies.Count(a => a)} anomalies), 4 probes"));
        });
    }

    [Test]
    public void BadCheckSets_AreRefusedWithTheReason()
    {
        float[][] rows = { new[] { 0f, 1f }, new[] { 1f, 0f } };
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => new TrainingCheck(rows, new[] { true }))!.Message, Does.Contain("2 rows but 1 labels"));
            Assert.That(Assert.Throws<ArgumentException>(() => new TrainingCheck(rows, new[] { false, false }))!.Message, Does.Contain("both normal rows and anomalies"));
            Assert.That(Assert.Throws<ArgumentException>(() => new TrainingCheck(new[] { new[] { 0f, 1f }, new[] { 1f } }, new[] { false, true }))!.Message,
                Does.Contain("Check row 1 has 1 features"));
            Assert.That(Assert.Throws<ArgumentException>(() => new TrainingCheck(new[] { new[] { 0f, float.NaN }, new[] { 1f, 0f } }, new[] { false, true }))!.Message,
                Does.Contain("Check row 0 holds NaN at feature 1"));
            Assert.That(Assert.Throws<ArgumentException>(() => new TrainingCheck(rows, new[] { false, true }).WithProbe("p", new[] { 1f }))!.Message,
                Does.Contain("Probe 'p' has 1 features"));
        });
        var options = TestModels.SmallAutoencoder();
        options.CheckSet = new TrainingCheck(rows, new[] { false, true });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TestModels.FitDigits(new MLContext(1), options))!;
        Assert.That(error.ParamName, Is.EqualTo("CheckSet"));
        Assert.That(error.Message, Does.Contain("rows of 2 features, but the feature column has 64"));
    }
}
