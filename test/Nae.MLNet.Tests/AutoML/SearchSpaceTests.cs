using Nae.MLNet.AutoML;

namespace Nae.MLNet.Tests.AutoML;

/// <summary>Search spaces: attribute-declared ranges and choices mapped to and from the unit cube; tuners that start from
/// the portfolio and starve no detector.</summary>
public class SearchSpaceTests
{
    public sealed class Space
    {
        [Nae.MLNet.AutoML.Range(1e-4, 1e-2, logBase: true)]
        public double LearningRate { get; set; } = 1e-3;

        [Nae.MLNet.AutoML.Range(2, 5)]
        public int Steps { get; set; } = 3;

        [Choice("64", "128,64")]
        public string HiddenLayerSizes { get; set; } = "128,64";
    }

    public sealed class OutOfRange
    {
        [Nae.MLNet.AutoML.Range(1, 2)]
        public int Steps { get; set; } = 7;
    }

    [Test]
    public void Dimensions_MapTheUnitIntervalOntoTheirValues()
    {
        var space = SearchSpace.From<Space>();
        var rate = space.Dimensions.Single(d => d.Name == "LearningRate");
        var steps = space.Dimensions.Single(d => d.Name == "Steps");
        Assert.Multiple(() =>
        {
            Assert.That((double)rate.ValueAt(0.5), Is.EqualTo(1e-3).Within(1e-9), "log scale: the middle is the geometric mean");
            Assert.That(Enumerable.Range(0, 100).Select(i => (int)steps.ValueAt(i / 100.0)).Distinct().Order(), Is.EqualTo(new[] { 2, 3, 4, 5 }), "ints include both ends, evenly");
            Assert.That(space.Init.ToString(), Is.EqualTo("HiddenLayerSizes=128,64; LearningRate=0.001; Steps=3"));
            Assert.That(space.At(space.PointOf(space.Init)).ToString(), Is.EqualTo(space.Init.ToString()), "a parameter survives the round trip");
        });
    }

    [Test]
    public void Parameter_SetsOptionsByName_WithArrayChoices()
    {
        var options = new NormalizedAutoencoderOptions();
        new Parameter(new Dictionary<string, object> { ["HiddenLayerSizes"] = "256,128", ["LatentDimension"] = 7, ["NaeLearningRate"] = 2e-4 }).ApplyTo(options);
        Assert.That((options.HiddenLayerSizes, options.LatentDimension, options.NaeLearningRate), Is.EqualTo((new[] { 256, 128 }, 7, 2e-4)));
        Assert.Throws<ArgumentException>(() => new Parameter(new Dictionary<string, object> { ["Nope"] = 1 }).ApplyTo(options));
    }

    [Test]
    public void StartOutsideTheRange_IsRefused() =>
        Assert.That(Assert.Throws<ArgumentException>(() => SearchSpace.From<OutOfRange>())!.Message, Does.Contain("Steps").And.Contain("[1, 2]"));

    [TestCase(20)]
    [TestCase(300)]
    [TestCase(784)]
    public void FirstTrial_IsThePresetForTheData_TabularBelow784Features_FastFromThere(int features)
    {
        var auto = new Microsoft.ML.MLContext(1).AnomalyDetection.Auto();
        foreach (var info in DetectorRegistry.All)
        {
            var detector = auto.Detectors(new[] { info.Name }).Single().Bind(features);
            var trial = (EnergyDetectorOptions)detector.CreateOptions(detector.SearchSpace.Init, null, seed: 5, features)!;
            var preset = features >= SweepableDetector.WideInputFeatures ? info.CreateOptions(DetectorPreset.Fast) : info.CreateTabularOptions(features);
            preset.Seed = 5;
            preset.GetType().GetProperty("ReportInterval")?.SetValue(preset, trial.GetType().GetProperty("ReportInterval")!.GetValue(trial)); // one report per trial
            Assert.That(Describe(trial), Is.EqualTo(Describe(preset)), $"{info.DisplayName} on {features} features");
        }
        var mpdrR = auto.Detectors(new[] { "mpdr-r" }).Single().Bind(features);
        var nae = auto.Detectors(new[] { "nae" }).Single().Bind(features);
        Assert.Multiple(() =>
        {
            Assert.That(nae.SearchSpace.Init.Get<string>("HiddenLayerSizes"), Is.EqualTo(features switch { 20 => "128,64", 300 => "256,128", _ => "512,256" }), "4d rounded up to a power of two within [32, 256], or the image MLP");
            Assert.That(nae.SearchSpace.Init.Get<int>("LatentDimension"), Is.EqualTo(features switch { 20 => 10, 300 => 16, _ => 32 }));
            Assert.That(mpdrR.Fidelity!.Init, Is.EqualTo(features < 784 ? 600 : 3000), "the preset's updates are the full fidelity");
            Assert.That(nae.Fidelity!.Init, Is.EqualTo(features < 784 ? 600 : 3000), "the preset's updates are the full fidelity");
            Assert.That(nae.Fidelity!.Max, Is.EqualTo(features < 784 ? 2000 : 3000), "at least 2000 updates, and never below the preset's");
        });
    }

    /// <summary>Every settable option as "name=value".</summary>
    private static string Describe(EnergyDetectorOptions options) => string.Join("; ", options.GetType()
        .GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite)
        .Select(p => p.Name + "=" + (p.GetValue(options) switch { null => "null", int[] a => string.Join(",", a), var v => v.ToString() })));

    [Test]
    public void EveryRegistryDetector_HasADefaultSpace_WhoseOptionsExist()
    {
        foreach (var detector in DetectorRegistry.All)
        {
            var space = DetectorSearchSpaces.For(detector);
            var options = detector.CreateOptions();
            Assert.DoesNotThrow(() => space.Init.ApplyTo(options), detector.DisplayName);
            Assert.DoesNotThrow(options.Validate, detector.DisplayName);
        }
    }

    [Test]
    public void CostFrugalTuner_StartsWithThePortfolioCheapestFirst_AndStarvesNoDetector()
    {
        var auto = new Microsoft.ML.MLContext(1).AnomalyDetection.Auto();
        var detectors = auto.Detectors().Select(d => d.Bind(64)).ToList();
        var tuner = new CostFrugalTuner(minimumShare: 0.15);
        tuner.Initialize(detectors, seed: 1);
        var history = new List<AnomalyTrialResult>();
        for (int i = 0; i < 60; i++)
        {
            var proposal = tuner.Propose(history)!;
            var detector = detectors[proposal.DetectorIndex];
            var result = new AnomalyTrialResult(i, detector.Name, proposal.Parameter, null, i)
            {
                Status = AnomalyTrialStatus.Completed,
                Metric = detector.Name == "NAE" ? 0.9 : 0.5, // one detector leads
            };
            history.Add(result);
        }
        var portfolio = history.Take(detectors.Count).Select(t => t.Detector).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(portfolio, Is.EqualTo(detectors.OrderBy(d => d.RelativeCost).Select(d => d.Name)));
            Assert.That(history.Take(detectors.Count).Select(t => t.Parameter.ToString()),
                Is.EqualTo(detectors.OrderBy(d => d.RelativeCost).Select(d => d.SearchSpace.Init.ToString())), "the portfolio is each space's start");
            foreach (var detector in detectors)
                Assert.That(history.Count(t => t.Detector == detector.Name), Is.GreaterThanOrEqualTo((int)(0.15 * 60) - 1), detector.Name);
            Assert.That(history.Count(t => t.Detector == "NAE"), Is.GreaterThan(history.Count(t => t.Detector == "Autoencoder")), "the leader is refined most");
        });
    }
}
