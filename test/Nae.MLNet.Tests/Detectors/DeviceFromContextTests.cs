using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;
using TorchSharp;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>With <see cref="EnergyDetectorOptions.Device"/> unset, the device comes from the MLContext's GpuDeviceId and
/// FallbackToCpu, as ML.NET's own GPU trainers do; an explicit Device wins.</summary>
public class DeviceFromContextTests
{
    private static IDataView Digits(MLContext ml)
    {
        var data = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        return DigitsData.Featurize(ml).Fit(data).Transform(data);
    }

    [Test]
    public void GpuDeviceId_WithoutAGpu_AndNoFallback_Throws_NamingTheSetting()
    {
        Assume.That(torch.cuda.is_available(), Is.False, "a GPU is visible: this case cannot happen here");
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<NotSupportedException>(() => ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(1)).Fit(Digits(ml)))!;
        Assert.That(error.Message, Does.Contain("GpuDeviceId is 0").And.Contain("FallbackToCpu"));
    }

    [Test]
    public void GpuDeviceId_WithoutAGpu_WithFallback_TrainsOnTheCpu_AndSaysSo()
    {
        Assume.That(torch.cuda.is_available(), Is.False, "a GPU is visible: this case cannot happen here");
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        using var model = ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(1)).Fit(Digits(ml));
        Assert.That(model.Transform(Digits(ml)).GetColumn<float>("Score").First(), Is.Not.NaN);
        Assert.That(messages, Has.Some.Contains("training on the CPU (FallbackToCpu)"));
    }

    [Test]
    public void ExplicitDevice_WinsOverGpuDeviceId()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        var options = TestModels.SmallAutoencoder(1);
        options.Device = "cpu";
        using var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(Digits(ml));
        Assert.That(model.Transform(Digits(ml)).GetColumn<float>("Score").First(), Is.Not.NaN);
    }

    [Test]
    public void NoDeviceAnywhere_TrainsOnTheCpu_AsBefore()
    {
        var options = TestModels.SmallAutoencoder(1);
        Assert.That(options.Device, Is.Null);
        Assert.That(options.ToString(), Does.Contain("Device = null (from MLContext)"));
        var ml = new MLContext(1);
        using var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(Digits(ml));
        Assert.That(model.FeatureCount, Is.EqualTo(64));
    }
}
