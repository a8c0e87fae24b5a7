using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>End to end on real data: NAE separates a held-out digit better than the autoencoder with the same budget.</summary>
[Category("Slow")]
public class NormalizedAutoencoderTests
{
    private const int HeldOut = 1;
    private double _autoencoderAuroc, _naeAuroc;
    private EnergyAnomalyTransformer _nae = null!;

    [OneTimeSetUp]
    public void FitBoth()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(HeldOut));
        var test = ml.Data.LoadFromEnumerable(DigitsData.Test(HeldOut));
        var featurize = ml.Transforms.CopyColumns("Features", nameof(DigitRow.Pixels)).Append(ml.Transforms.NormalizeMinMax("Features"));

        var autoencoder = featurize.Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.ForDigits(AutoencoderOptions.Fast()))).Fit(train);
        _autoencoderAuroc = ml.AnomalyDetection.Evaluate(autoencoder.Transform(test), "Label").AreaUnderRocCurve;

        var naeOptions = TestModels.ForDigits(NormalizedAutoencoderOptions.Fast());
        naeOptions.NaeIterations = 300;
        var nae = featurize.Append(ml.AnomalyDetection.Trainers.NormalizedAutoencoder(naeOptions)).Fit(train);
        _naeAuroc = ml.AnomalyDetection.Evaluate(nae.Transform(test), "Label").AreaUnderRocCurve;
        _nae = nae.LastTransformer;
        TestContext.Progress.WriteLine($"digits hold-out {HeldOut}: AE AUROC {_autoencoderAuroc:F3}, NAE AUROC {_naeAuroc:F3}");
    }

    [Test]
    public void Nae_SeparatesTheHeldOutDigitBetterThanTheAutoencoder()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_naeAuroc, Is.GreaterThan(_autoencoderAuroc + 0.05));
            Assert.That(_naeAuroc, Is.GreaterThan(0.7));
        });
    }

    [Test]
    public void History_HasBothPhases_WithEnergyDiagnostics()
    {
        var reports = _nae.TrainingHistory.Where(h => h.Phase == TrainingPhase.NormalizedAutoencoder).ToList();
        var nae = reports.Where(h => !h.Metrics.ContainsKey("AveragedUpdates")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_nae.TrainingHistory.Any(h => h.Phase == TrainingPhase.Autoencoder));
            Assert.That(nae, Has.Count.EqualTo(6), "300 updates reported every 50");
            Assert.That(reports[^1].Metrics.GetValueOrDefault("AveragedUpdates"), Is.EqualTo(150), "the Fast preset's model: the last half of the updates averaged");
            foreach (var name in new[] { "PositiveEnergy", "NegativeEnergy", "NegativeSampleMean", "NegativeSampleStd", "LatentChainSeconds", "InputChainSeconds", "Temperature" })
                Assert.That(nae.All(h => h.Metrics.ContainsKey(name) && double.IsFinite(h.Metrics[name])), name);
            Assert.That(nae.Select(h => h.Metrics["NegativeSampleMean"]), Is.All.InRange(0.0, 1.0), "the input chain stays in [0, 1]");
        });
    }
}
