using Microsoft.ML;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>MPDR end to end on real data, and its options.</summary>
[Category("Slow")]
public class MpdrTests
{
    [Test]
    public void MpdrR_SeparatesTheHeldOutDigitBetterThanTheAutoencoder()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var test = ml.Data.LoadFromEnumerable(DigitsData.Test(1));
        var featurize = ml.Transforms.CopyColumns("Features", nameof(DigitRow.Pixels)).Append(ml.Transforms.NormalizeMinMax("Features"));
        double ae = ml.AnomalyDetection.Evaluate(featurize.Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.ForDigits(AutoencoderOptions.Fast()))).Fit(train).Transform(test), "Label").AreaUnderRocCurve;
        var options = TestModels.ForDigits(MpdrOptions.Fast(MpdrEnergy.Reconstruction));
        options.MpdrIterations = 400;
        options.MpdrLearningRate = 1e-3;
        double mpdr = ml.AnomalyDetection.Evaluate(featurize.Append(ml.AnomalyDetection.Trainers.Mpdr(options)).Fit(train).Transform(test), "Label").AreaUnderRocCurve;
        TestContext.Progress.WriteLine($"digits hold-out 1: AE AUROC {ae:F3}, MPDR-R AUROC {mpdr:F3}");
        Assert.That(mpdr, Is.GreaterThan(ae + 0.05));
    }
}

public class MpdrOptionsTests
{
    [Test]
    public void Paper_MatchesTheAuthorsConfigs()
    {
        var r = MpdrOptions.Paper(MpdrEnergy.Reconstruction);
        var s = MpdrOptions.Paper(MpdrEnergy.Scalar);
        Assert.Multiple(() =>
        {
            Assert.That((r.ImageShape, r.LatentDimension, r.Epochs, r.LearningRate, r.EncoderL2Penalty), Is.EqualTo((ImageShape.Mnist, 32, 30, 1e-4, 1e-4)));
            Assert.That((r.MpdrEpochs, r.ResolveLearningRate(), s.ResolveLearningRate()), Is.EqualTo((60, 1e-5, 1e-4)));
            Assert.That((r.PerturbationNoiseMin, r.PerturbationNoiseMax, r.RecoveryWeight, r.RecoveryDistance), Is.EqualTo((0.05, 0.3, 1e-4, RecoveryDistance.Sum)));
            Assert.That((r.ResolveLatentChainSteps(), r.ResolveLatentChainStepSize(), r.LatentChainNoise, r.LatentChainNormalizeGradient), Is.EqualTo((5, 0.1, 0.02, true)));
            Assert.That((s.ResolveLatentChainSteps(), s.ResolveLatentChainStepSize()), Is.EqualTo((2, 0.05)));
            Assert.That((r.VisibleChainSteps, r.VisibleChainStepSize, r.VisibleChainNoise, r.ResolveVisibleBounds()), Is.EqualTo((5, 10.0, 0.005, ((double?)0, (double?)1))));
            Assert.That((r.NegativeReconstructionPenalty, s.EnergySquarePenalty, r.EnergyEncoderL2Penalty), Is.EqualTo((1.0, 1.0, 1e-4)));
        });
    }

    [Test]
    public void Fast_SharesTheManifoldPhaseWithAutoencoderFast()
    {
        var mpdr = MpdrOptions.Fast(MpdrEnergy.Scalar);
        var ae = AutoencoderOptions.Fast();
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(mpdr.Validate);
            Assert.That(mpdr.HiddenLayerSizes, Is.EqualTo(ae.HiddenLayerSizes));
            Assert.That((mpdr.LatentDimension, mpdr.Epochs, mpdr.LearningRate, mpdr.ImageShape), Is.EqualTo((ae.LatentDimension, ae.Epochs, ae.LearningRate, ae.ImageShape)));
        });
    }

    [Test]
    public void ToString_ShowsResolvedDefaults()
    {
        var text = new MpdrOptions { Energy = MpdrEnergy.Scalar }.ToString();
        Assert.That(text, Does.Contain("LatentChainSteps = null (2)").And.Contain("MpdrLearningRate = null (0.0001)").And.Contain("Energy = Scalar"));
    }

    [TestCase("PerturbationNoiseMax")]
    [TestCase("ManifoldLatentDimensions")]
    [TestCase("VisibleChainMaximum")]
    public void Validate_BadValues_NameTheOption(string name)
    {
        var options = new MpdrOptions();
        switch (name)
        {
            case "PerturbationNoiseMax": options.PerturbationNoiseMin = 0.5; options.PerturbationNoiseMax = 0.2; break;
            case "ManifoldLatentDimensions": options.ManifoldLatentDimensions = Array.Empty<int>(); break;
            case "VisibleChainMaximum": options.VisibleChainMinimum = 1; options.VisibleChainMaximum = 1; break;
        }
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(options.Validate)!.ParamName, Is.EqualTo(name));
    }
}
