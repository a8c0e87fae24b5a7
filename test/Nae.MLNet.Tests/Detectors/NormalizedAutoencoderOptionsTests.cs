namespace Nae.MLNet.Tests.Detectors;

public class NormalizedAutoencoderOptionsTests
{
    [Test]
    public void Paper_MatchesTheAuthorsHoldoutConfig()
    {
        var o = NormalizedAutoencoderOptions.Paper();
        Assert.Multiple(() =>
        {
            Assert.That(o.ImageShape, Is.EqualTo(ImageShape.Mnist));
            Assert.That((o.LatentDimension, o.BatchSize, o.Epochs, o.LearningRate), Is.EqualTo((32, 128, 100, 1e-4)));
            Assert.That((o.NaeEpochs, o.NaeLearningRate, o.NegativeEnergyPenalty, o.EncoderL2Penalty, o.Temperature), Is.EqualTo((50, 1e-5, 1.0, 1e-4, 1.0)));
            Assert.That((o.LatentChainSteps, o.LatentChainStepSize, o.LatentChainNoise), Is.EqualTo((10, 0.2, 0.05)));
            Assert.That((o.InputChainSteps, o.InputChainStepSize, o.InputChainNoise, o.InputChainGradientClip), Is.EqualTo((50, 10.0, 0.05, (double?)0.01)));
            Assert.That((o.InputChainNoiseAnnealing, o.InputChainClipMode, o.MetropolisHastings), Is.EqualTo((true, GradientClipMode.ElementWise, false)));
            Assert.That((o.ReplayBufferSize, o.ReplayRatio, o.InputChainMinimum, o.InputChainMaximum), Is.EqualTo((10_000, 0.95, (double?)0, (double?)1)));
        });
        Assert.DoesNotThrow(o.Validate);
    }

    [TestCase("Fast")]
    [TestCase("Paper")]
    public void AutoencoderPreset_IsTheAutoencoderPhaseOfTheNaePreset(string preset)
    {
        var (nae, ae) = preset == "Fast"
            ? (NormalizedAutoencoderOptions.Fast(), AutoencoderOptions.Fast())
            : (NormalizedAutoencoderOptions.Paper(), AutoencoderOptions.Paper());
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(nae.Validate);
            Assert.DoesNotThrow(ae.Validate);
            Assert.That(AutoencoderPhase(ae), Is.EqualTo(AutoencoderPhase(nae)));
            if (preset == "Paper") Assert.That((ae.Epochs, ae.EarlyStoppingPatience), Is.EqualTo((100, 4)));
        });
    }

    /// <summary>Every option of the autoencoder phase, comparable with Is.EqualTo.</summary>
    private static object AutoencoderPhase(EnergyDetectorOptions o) => (string.Join(",", o.HiddenLayerSizes), o.ImageShape, o.LatentDimension,
        (o.Epochs, o.EarlyStoppingPatience, o.LearningRate, o.BatchSize), (o.EncoderL2Penalty, o.DecoderL2Penalty, o.SphericalLatent, o.DecoderOutput));

    [Test]
    public void Presets_AreFreshAndAdjustable()
    {
        var a = NormalizedAutoencoderOptions.Fast();
        a.Seed = 9;
        a.FeatureColumnName = "Pixels";
        Assert.That(NormalizedAutoencoderOptions.Fast().Seed, Is.Null);
    }

    [Test]
    public void ToString_PrintsEveryOptionOnce()
    {
        var o = new NormalizedAutoencoderOptions { Epochs = 7, LearningRate = 0.5 };
        Assert.Multiple(() =>
        {
            Assert.That(o.ToString(), Does.Contain("Epochs = 7").And.Contain("LearningRate = 0.5"));
            Assert.That(o.ToString(), Does.Contain("InputChainSteps = 50").And.Contain("NegativeEnergyPenalty = 1"));
            var names = System.Text.RegularExpressions.Regex.Matches(o.ToString(), @"(\w+) = ").Select(m => m.Groups[1].Value).ToList();
            Assert.That(names, Is.Unique);
        });
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.NaeEpochs = 0), "NaeEpochs");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.NaeIterations = 0), "NaeIterations");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.NaeLearningRate = -1), "NaeLearningRate");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.Temperature = 0), "Temperature");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.ReplayRatio = 1.5), "ReplayRatio");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.InputChainSteps = -1), "InputChainSteps");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.InputChainGradientClip = 0), "InputChainGradientClip");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => { o.InputChainMinimum = 1; o.InputChainMaximum = 0; }), "InputChainMaximum");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.LatentChainNoise = double.NaN), "LatentChainNoise");
        yield return new TestCaseData((Action<NormalizedAutoencoderOptions>)(o => o.ReportInterval = 0), "ReportInterval");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheOption(Action<NormalizedAutoencoderOptions> spoil, string name)
    {
        var options = new NormalizedAutoencoderOptions();
        spoil(options);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(options.Validate)!.ParamName, Is.EqualTo(name));
    }

    [Test]
    public void InputBounds_FollowTheDecoderOutput()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new NormalizedAutoencoderOptions { DecoderOutput = DecoderOutput.Sigmoid }.ResolveInputBounds(), Is.EqualTo(((double?)0, (double?)1)));
            Assert.That(new NormalizedAutoencoderOptions().ResolveInputBounds(), Is.EqualTo(((double?)null, (double?)null)));
            Assert.That(new NormalizedAutoencoderOptions { InputChainMaximum = 3 }.ResolveInputBounds(), Is.EqualTo(((double?)null, (double?)3)));
        });
    }
}
