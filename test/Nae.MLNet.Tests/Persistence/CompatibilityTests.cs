using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Persistence;

/// <summary>
/// Model files saved by an earlier Nae.MLNet (TestData/Models, one per detector, see its README) still load, under the
/// same detector name, and give the scores they gave when they were saved.
/// </summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class CompatibilityTests
{
    private readonly DetectorInfo _detector;

    public CompatibilityTests(DetectorInfo detector) => _detector = detector;

    private string File(string extension) => Path.Combine(AppContext.BaseDirectory, "TestData", "Models", _detector.PersistedName + extension);

    [Test]
    public void ModelSavedBeforeTheRegistry_LoadsAsTheSameDetector_WithTheSameScores()
    {
        var expected = System.IO.File.ReadAllLines(File(".scores.txt")).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var ml = new MLContext().RegisterNaeMLNet();
        var model = ml.Model.Load(File(".zip"), out _);
        var detector = (EnergyAnomalyTransformer)((TransformerChain<ITransformer>)model).LastTransformer;
        var scores = TestModels.Scores(model.Transform(ml.Data.LoadFromEnumerable(DigitsData.Test(heldOut: 1))));
        Assert.Multiple(() =>
        {
            Assert.That(detector.DetectorName, Is.EqualTo(_detector.PersistedName));
            Assert.That(DetectorRegistry.Find(detector.DetectorName), Is.SameAs(_detector));
            Assert.That(scores, Is.EqualTo(expected).Within(1e-5).Percent);
        });
    }
}
