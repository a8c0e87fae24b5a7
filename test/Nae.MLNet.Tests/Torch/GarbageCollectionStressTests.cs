using Microsoft.ML;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Torch;

/// <summary>
/// Fit, Transform and save/load under a thread that collects garbage and runs finalizers without pause. TorchSharp
/// 0.107 frees a scalar in its finalizer, and its own operators create scalars that are unreachable while native code
/// still reads them (<c>a + b</c> is <c>a.add(b, 1)</c> with a temporary <c>1</c>): under this stress such code fails
/// within a few thousand operations with "Expected false to be true ... toFloat". The library's arithmetic keeps every
/// scalar alive (Torch/ScalarCache, Torch/TensorArithmetic), so these runs must finish and give the same scores as an
/// unstressed run.
/// </summary>
public class GarbageCollectionStressTests
{
    [TestCaseSource(typeof(TestModels), nameof(TestModels.Detectors))]
    public void FitTransformAndReload_SurviveConstantFinalization_WithUnchangedScores(DetectorInfo detector)
    {
        float[] expected = FitAndScore(detector);
        float[] stressed;
        using (new FinalizerStress()) stressed = FitAndScore(detector);
        Assert.That(stressed, Is.EqualTo(expected));
    }

    private static float[] FitAndScore(DetectorInfo detector)
    {
        var ml = new MLContext(seed: 1);
        var options = TestModels.SmallOptions(detector);
        var (model, train, test) = TestModels.FitDigits(ml, options);
        using var stream = new MemoryStream();
        ml.Model.Save(model, train.Schema, stream);
        stream.Position = 0;
        var reloaded = ml.Model.Load(stream, out _);
        return TestModels.Scores(reloaded.Transform(test));
    }

    /// <summary>Collects and finalizes in a loop on a background thread until disposed.</summary>
    private sealed class FinalizerStress : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public FinalizerStress()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
