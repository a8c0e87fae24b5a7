using Microsoft.ML;
using Nae.MLNet.Tests.Architecture;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>The registry is the one list of detectors: unique names, presets of the right type, factories that build
/// the detector the entry names, and the docs' table generated from it.</summary>
public class DetectorRegistryTests
{
    [Test]
    public void Names_AreUniqueAcrossEveryEntry_IgnoringCase()
    {
        var names = DetectorRegistry.All.SelectMany(d => new[] { d.Name, d.DisplayName, d.PersistedName }.Concat(d.Aliases)
            .Select(n => n.ToLowerInvariant()).Distinct().Select(n => (n, d))).ToList();
        Assert.That(names.Select(x => x.n), Is.Unique);
        Assert.That(DetectorRegistry.All.Select(d => d.Name), Has.All.Match("^[a-z][a-z-]*$"), "canonical names are lower case");
    }

    [TestCaseSource(typeof(TestModels), nameof(TestModels.Detectors))]
    public void Find_TakesEveryNameOfAnEntry_InAnyCase(DetectorInfo detector)
    {
        foreach (var name in new[] { detector.Name, detector.DisplayName.ToUpperInvariant(), detector.PersistedName, $" {detector.Name} " }.Concat(detector.Aliases))
            Assert.That(DetectorRegistry.Find(name), Is.SameAs(detector), name);
    }

    [Test]
    public void Get_UnknownName_ListsTheDetectors_AndSuggestsTheClosest()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectorRegistry.Get("mpdr-x"))!;
        Assert.That(error.Message, Does.Contain("'mpdr-x'").And.Contain("Did you mean 'mpdr-r'?")
            .And.Contain(string.Join(", ", DetectorRegistry.All.Select(d => d.Name))));
        Assert.That(DetectorRegistry.Find("isolation-forest"), Is.Null);
        Assert.That(Assert.Throws<ArgumentException>(() => DetectorRegistry.Get("isolation-forest"))!.Message, Does.Not.Contain("Did you mean"));
    }

    [TestCaseSource(typeof(TestModels), nameof(TestModels.Detectors))]
    public void EveryPreset_IsOptionsOfThisDetector_AndValid(DetectorInfo detector)
    {
        foreach (var preset in detector.Presets)
        {
            var options = detector.CreateOptions(preset);
            Assert.That(options, Is.InstanceOf(detector.OptionsType), preset.ToString());
            Assert.That(DetectorRegistry.For(options), Is.SameAs(detector), preset.ToString());
            Assert.DoesNotThrow(options.Validate, preset.ToString());
            Assert.That(detector.CreateOptions(preset), Is.Not.SameAs(options), "a new object each call");
        }
        Assert.That(detector.Presets, Is.EquivalentTo(Enum.GetValues<DetectorPreset>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.CreateOptions((DetectorPreset)99));
    }

    [TestCaseSource(typeof(TestModels), nameof(TestModels.Detectors))]
    public void CreateEstimator_BuildsTheDetectorTheEntryNames_AndRefusesAnotherDetectorsOptions(DetectorInfo detector)
    {
        var ml = new MLContext(1);
        var estimator = (IEstimator<EnergyAnomalyTransformer>)detector.CreateEstimator(ml, detector.CreateOptions(DetectorPreset.Fast));
        var trainer = estimator.GetType().GetProperty(nameof(AutoencoderTrainer.Detector))!.GetValue(estimator);
        Assert.That(trainer, Is.SameAs(detector));
        var other = DetectorRegistry.All.First(d => d != detector);
        var error = Assert.Throws<ArgumentException>(() => detector.CreateEstimator(ml, other.CreateOptions()))!;
        Assert.That(error.Message, Does.Contain(other.DisplayName).And.Contain(detector.DisplayName));
    }

    [Test]
    public void CatalogEntryPoints_AreTheRegistrysDetectors()
    {
        var trainers = new MLContext(1).AnomalyDetection.Trainers;
        Assert.Multiple(() =>
        {
            Assert.That(trainers.Autoencoder().Detector, Is.SameAs(DetectorRegistry.Autoencoder));
            Assert.That(trainers.NormalizedAutoencoder().Detector, Is.SameAs(DetectorRegistry.NormalizedAutoencoder));
            Assert.That(trainers.Mpdr().Detector, Is.SameAs(DetectorRegistry.MpdrReconstruction));
            Assert.That(trainers.Mpdr(energy: MpdrEnergy.Scalar).Detector, Is.SameAs(DetectorRegistry.MpdrScalar));
            Assert.That(trainers.NormalizedAutoencoder(NormalizedAutoencoderOptions.Fast()).DetectorName, Is.EqualTo(DetectorRegistry.NormalizedAutoencoder.PersistedName));
        });
    }

    [Test]
    public void ShortCatalogOverloads_AreTheDefaultOptions_WithColumnAndSeed()
    {
        var trainers = new MLContext(1).AnomalyDetection.Trainers;
        var expected = new NormalizedAutoencoderOptions { FeatureColumnName = "Pixels", Seed = 7 }.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(trainers.NormalizedAutoencoder("Pixels", seed: 7).Options.ToString(), Is.EqualTo(expected));
            Assert.That(trainers.Autoencoder().Options.ToString(), Is.EqualTo(new AutoencoderOptions().ToString()));
            Assert.That(trainers.Mpdr("Pixels", MpdrEnergy.Scalar, 3).Options.ToString(),
                Is.EqualTo(new MpdrOptions { FeatureColumnName = "Pixels", Energy = MpdrEnergy.Scalar, Seed = 3 }.ToString()));
        });
    }

    [Test]
    public void ForOptionsOfNoDetector_SaysSo() =>
        Assert.That(Assert.Throws<ArgumentException>(() => DetectorRegistry.For(new ForeignOptions()))!.Message, Does.Contain(nameof(ForeignOptions)));

    /// <summary>docs/detectors.md holds the registry's table, as <see cref="MarkdownTable"/> makes it from the registry.</summary>
    [Test]
    public void DocsTable_IsTheRegistry()
    {
        string docs = File.ReadAllText(Path.Combine(SourceFolders.RepositoryRoot(), "docs", "detectors.md"));
        Assert.That(docs.ReplaceLineEndings("\n"), Does.Contain(MarkdownTable()), "paste this table into docs/detectors.md:\n" + MarkdownTable());
    }

    /// <summary>The detectors table of docs/detectors.md.</summary>
    public static string MarkdownTable()
    {
        var lines = new List<string>
        {
            "| name (`--detectors`) | display name | persisted name | options | aliases | what it is |",
            "|---|---|---|---|---|---|",
        };
        lines.AddRange(DetectorRegistry.All.Select(d =>
            $"| `{d.Name}` | {d.DisplayName} | `{d.PersistedName}` | `{d.OptionsType.Name}` | {string.Join(", ", d.Aliases.Select(a => $"`{a}`"))} | {d.Summary} |"));
        return string.Join("\n", lines) + "\n";
    }

    private sealed class ForeignOptions : EnergyDetectorOptions
    {
    }
}
