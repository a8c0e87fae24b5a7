using Microsoft.ML;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>The paper presets' convolutional networks run end to end (a few tiny steps on real MNIST images): Fit,
/// Transform, Save and Load. Quality is a GPU matter; these runs only prove the path works.</summary>
[Category("Slow")]
public class ConvolutionalDetectorTests
{
    private static T Tiny<T>(T options) where T : EnergyDetectorOptions
    {
        options.Epochs = 1;
        options.BatchSize = 16;
        options.Seed = 1;
        options.ValidationFraction = 0.25;
        return options;
    }

    private static IEnumerable<TestCaseData> Detectors()
    {
        var nae = Tiny(NormalizedAutoencoderOptions.Paper());
        nae.NaeIterations = 2;
        nae.LatentChainSteps = 2;
        nae.InputChainSteps = 2;
        yield return new TestCaseData(nae).SetName("Nae_Paper_ConvolutionalNetworksTrainAndReload");
        foreach (var energy in new[] { MpdrEnergy.Reconstruction, MpdrEnergy.Scalar })
        {
            var mpdr = Tiny(MpdrOptions.Paper(energy));
            mpdr.MpdrIterations = 2;
            mpdr.VisibleChainSteps = 2;
            yield return new TestCaseData(mpdr).SetName($"Mpdr{energy}_Paper_ConvolutionalNetworksTrainAndReload");
        }
    }

    [TestCaseSource(nameof(Detectors))]
    public void PaperPreset_TrainsScoresAndReloads(EnergyDetectorOptions options)
    {
        if (MnistSample.Directory() is null) Assert.Ignore("MNIST is not available under ../shared/datasets/mnist.");
        var ml = new MLContext(1);
        var data = MnistSample.Load(ml, 64, anomaly: 1);
        using var model = TestModels.Estimator(ml, options).Fit(data);
        var scores = TestModels.Scores(model.Transform(data));
        string path = Path.Combine(Path.GetTempPath(), $"nae-conv-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext().RegisterNaeMLNet().Model.Load(path, out _);
            Assert.Multiple(() =>
            {
                Assert.That(model.FeatureCount, Is.EqualTo(784));
                Assert.That(scores, Is.All.Matches<float>(float.IsFinite));
                Assert.That(TestModels.Scores(loaded.Transform(data)), Is.EqualTo(scores));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>An MPDR ensemble of manifold autoencoders trains and scores.</summary>
public class MpdrEnsembleTests
{
    [Test]
    public void Ensemble_OfTwoManifolds_TrainsAndScores()
    {
        var options = TestModels.SmallMpdr(MpdrEnergy.Scalar, epochs: 2, iterations: 10);
        options.ManifoldLatentDimensions = new[] { 4, 8 };
        var ml = new MLContext(1);
        var (model, _, test) = TestModels.FitDigits(ml, options);
        Assert.That(TestModels.Scores(model.Transform(test)), Is.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void Ensemble_MemberAsWideAsTheFeatures_IsRejectedByName()
    {
        var options = TestModels.SmallMpdr(MpdrEnergy.Reconstruction);
        options.ManifoldLatentDimensions = new[] { 4, 64 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TestModels.FitDigits(new MLContext(1), options))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.ParamName, Is.EqualTo("ManifoldLatentDimensions[1]"));
            Assert.That(error.Message, Does.Contain("(64) must be smaller than the number of features (64)"));
        });
    }
}
