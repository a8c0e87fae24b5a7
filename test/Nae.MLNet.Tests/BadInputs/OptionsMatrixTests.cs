using Microsoft.ML;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, options: every out-of-range, undefined or missing option is refused when the estimator is created
/// (through the catalog, as a user would), by an <see cref="ArgumentException"/> whose ParamName and message name the
/// option. Shared options are tried on every detector.
/// </summary>
public class OptionsMatrixTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var shared = new (string Name, Action<EnergyDetectorOptions> Spoil, string Param, string Words)[]
        {
            ("empty feature column", o => o.FeatureColumnName = " ", "FeatureColumnName", "must be set"),
            ("latent 0", o => o.LatentDimension = 0, "LatentDimension", "at least 1"),
            ("hidden layers null", o => o.HiddenLayerSizes = null!, "HiddenLayerSizes", "must be set"),
            ("hidden layer 0", o => o.HiddenLayerSizes = new[] { 16, 0 }, "HiddenLayerSizes[1]", "at least 1"),
            ("image 1x27x28", o => o.ImageShape = new ImageShape(1, 27, 28), "ImageShape", "4·k + 12"),
            ("image 0 channels", o => o.ImageShape = new ImageShape(0, 28, 28), "ImageShape", "at least 1"),
            ("decoder output 99", o => o.DecoderOutput = (DecoderOutput)99, "DecoderOutput", "one of Linear, Sigmoid"),
            ("epochs 0", o => o.Epochs = 0, "Epochs", "at least 1"),
            ("batch -1", o => o.BatchSize = -1, "BatchSize", "at least 1"),
            ("learning rate NaN", o => o.LearningRate = double.NaN, "LearningRate", "greater than 0"),
            ("learning rate ∞", o => o.LearningRate = double.PositiveInfinity, "LearningRate", "finite"),
            ("encoder L2 -1", o => o.EncoderL2Penalty = -1, "EncoderL2Penalty", "at least 0"),
            ("decoder L2 NaN", o => o.DecoderL2Penalty = double.NaN, "DecoderL2Penalty", "at least 0"),
            ("patience -1", o => o.EarlyStoppingPatience = -1, "EarlyStoppingPatience", "at least 0"),
            ("device gpu0", o => o.Device = "gpu0", "Device", "\"cpu\", \"cuda\" or \"cuda:N\""),
            ("false-positive rate 1", o => o.FalsePositiveRate = 1, "FalsePositiveRate", "less than 1"),
            ("false-positive rate 0", o => o.FalsePositiveRate = 0, "FalsePositiveRate", "greater than 0"),
            ("validation fraction 1", o => o.ValidationFraction = 1, "ValidationFraction", "less than 1"),
        };
        foreach (var detector in DetectorRegistry.All)
            foreach (var (name, spoil, param, words) in shared)
                yield return Case(detector, name, spoil, param, words);

        var nae = DetectorRegistry.NormalizedAutoencoder;
        yield return Case(nae, "NAE epochs 0", o => ((NormalizedAutoencoderOptions)o).NaeEpochs = 0, "NaeEpochs", "at least 1");
        yield return Case(nae, "NAE iterations 0", o => ((NormalizedAutoencoderOptions)o).NaeIterations = 0, "NaeIterations", "at least 1");
        yield return Case(nae, "temperature 0", o => ((NormalizedAutoencoderOptions)o).Temperature = 0, "Temperature", "greater than 0");
        yield return Case(nae, "replay ratio 2", o => ((NormalizedAutoencoderOptions)o).ReplayRatio = 2, "ReplayRatio", "between 0 and 1");
        yield return Case(nae, "clip mode 99", o => ((NormalizedAutoencoderOptions)o).InputChainClipMode = (GradientClipMode)99, "InputChainClipMode", "one of ElementWise, RowNorm");
        yield return Case(nae, "divergence recovery 99", o => ((NormalizedAutoencoderOptions)o).DivergenceRecovery = (DivergenceRecovery)99, "DivergenceRecovery", "one of");
        yield return Case(nae, "input bounds reversed", o => { var n = (NormalizedAutoencoderOptions)o; n.InputChainMinimum = 1; n.InputChainMaximum = 0; }, "InputChainMaximum", "greater than InputChainMinimum");
        yield return Case(nae, "latent clip 0", o => ((NormalizedAutoencoderOptions)o).LatentChainGradientClip = 0, "LatentChainGradientClip", "greater than 0");

        foreach (var mpdr in new[] { DetectorRegistry.MpdrReconstruction, DetectorRegistry.MpdrScalar })
        {
            yield return Case(mpdr, "energy 99", o => ((MpdrOptions)o).Energy = (MpdrEnergy)99, "Energy", "one of Reconstruction, Scalar");
            yield return Case(mpdr, "recovery distance 99", o => ((MpdrOptions)o).RecoveryDistance = (RecoveryDistance)99, "RecoveryDistance", "one of");
            yield return Case(mpdr, "noise max below min", o => { var m = (MpdrOptions)o; m.PerturbationNoiseMin = 0.3; m.PerturbationNoiseMax = 0.1; }, "PerturbationNoiseMax", "at least PerturbationNoiseMin");
            yield return Case(mpdr, "no manifold latents", o => ((MpdrOptions)o).ManifoldLatentDimensions = Array.Empty<int>(), "ManifoldLatentDimensions", "at least one size");
            yield return Case(mpdr, "scalar hidden 0", o => ((MpdrOptions)o).ScalarHiddenLayerSizes = new[] { 0 }, "ScalarHiddenLayerSizes[0]", "at least 1");
            yield return Case(mpdr, "MPDR learning rate -1", o => ((MpdrOptions)o).MpdrLearningRate = -1, "MpdrLearningRate", "greater than 0");
        }
    }

    private static TestCaseData Case(DetectorInfo detector, string name, Action<EnergyDetectorOptions> spoil, string param, string words) =>
        new TestCaseData(detector, spoil, param, words).SetName($"{detector.DisplayName}: {name}");

    [TestCaseSource(nameof(Cases))]
    public void BadOption_IsRefusedWhenTheEstimatorIsCreated_NamingTheOption(DetectorInfo detector, Action<EnergyDetectorOptions> spoil, string param, string words)
    {
        var options = detector.CreateOptions(DetectorPreset.Fast);
        spoil(options);
        var error = Assert.Catch<ArgumentException>(() => detector.CreateEstimator(new MLContext(1), options))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.ParamName, Is.EqualTo(param));
            Assert.That(error.Message, Does.Contain(param.Split('[')[0]).And.Contain(words));
        });
    }
}
