namespace Nae.MLNet.Tests.Detectors;

public class EnergyDetectorOptionsTests
{
    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.LatentDimension = 0), "LatentDimension");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.HiddenLayerSizes = new[] { 16, 0 }), "HiddenLayerSizes[1]");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.Epochs = 0), "Epochs");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.BatchSize = -1), "BatchSize");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.LearningRate = 0), "LearningRate");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.LearningRate = double.NaN), "LearningRate");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.EncoderL2Penalty = -1), "EncoderL2Penalty");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.FalsePositiveRate = 1), "FalsePositiveRate");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.FalsePositiveRate = 0), "FalsePositiveRate");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.ValidationFraction = 1), "ValidationFraction");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.EarlyStoppingPatience = -1), "EarlyStoppingPatience");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.Device = "gpu0"), "Device");
        yield return new TestCaseData((Action<AutoencoderOptions>)(o => o.ImageShape = new ImageShape(1, 27, 28)), "ImageShape");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheOption(Action<AutoencoderOptions> spoil, string name)
    {
        var options = new AutoencoderOptions();
        spoil(options);
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate)!;
        Assert.Multiple(() =>
        {
            Assert.That(error.ParamName, Is.EqualTo(name));
            Assert.That(error.Message, Does.Contain(name.Split('[')[0]).And.Contain("must be"));
        });
    }

    [Test]
    public void Validate_Defaults_Pass() => Assert.DoesNotThrow(new AutoencoderOptions().Validate);

    [Test]
    public void Catalog_BadOptions_ThrowsBeforeFit()
    {
        var ml = new Microsoft.ML.MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { BatchSize = 0 }));
    }

    [Test]
    public void Clone_IsDeep()
    {
        var options = new AutoencoderOptions { HiddenLayerSizes = new[] { 10, 5 }, Seed = 3 };
        var copy = options.Clone();
        copy.HiddenLayerSizes[0] = 99;
        copy.Seed = 4;
        Assert.Multiple(() =>
        {
            Assert.That(options.HiddenLayerSizes[0], Is.EqualTo(10));
            Assert.That(options.Seed, Is.EqualTo(3));
            Assert.That(copy, Is.TypeOf<AutoencoderOptions>());
        });
    }

    [Test]
    public void ToString_PrintsEveryEffectiveValue()
    {
        var text = new AutoencoderOptions { LatentDimension = 7, HiddenLayerSizes = new[] { 12, 6 }, LearningRate = 0.0005 }.ToString();
        var settable = typeof(AutoencoderOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        Assert.Multiple(() =>
        {
            foreach (var name in settable) Assert.That(text, Does.Contain(name + " = "));
            Assert.That(text, Does.Contain("LatentDimension = 7"));
            Assert.That(text, Does.Contain("HiddenLayerSizes = { 12, 6 }"));
            Assert.That(text, Does.Contain("LearningRate = 0.0005"));
            Assert.That(text, Does.Contain("Seed = null (from MLContext)"));
            Assert.That(text, Does.Contain("DecoderOutput = null (Linear)"));
        });
    }
}
