using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, training data: each case is refused by <c>Fit</c> with the exception type and the words that name
/// the problem (column, row, slot, sizes, value). The checks live in the Fit skeleton every detector shares, so the
/// small autoencoder stands for all of them.
/// </summary>
public class FitDataMatrixTests
{
    private const int Size = 64;

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("missing column", ml => ml.Data.LoadFromEnumerable(DigitsData.Train(1)), null,
            typeof(ArgumentOutOfRangeException), "feature column 'Features'", "not found");
        yield return Case("vector of Double", ml => ml.Data.LoadFromEnumerable(Rows(r => new DoubleRow { Features = r.Select(v => (double)v).ToArray() })), null,
            typeof(ArgumentOutOfRangeException), "expected known-size vector of Single", "Double");
        yield return Case("vector of unknown size", ml => ml.Data.LoadFromEnumerable(Rows(r => new UnknownSizeRow { Features = r })), null,
            typeof(ArgumentOutOfRangeException), "vector of unknown size", "[VectorType(n)]");
        yield return Case("NaN at row 5, slot 3", ml => Load(ml, Damaged(5, r => r[3] = float.NaN)), null,
            typeof(InvalidOperationException), "'Features' holds NaN at row 5, slot 3");
        yield return Case("+∞ at row 7, slot 0", ml => Load(ml, Damaged(7, r => r[0] = float.PositiveInfinity)), null,
            typeof(InvalidOperationException), "at row 7, slot 0");
        yield return Case("no rows", ml => Load(ml, Array.Empty<float[]>()), null,
            typeof(InvalidOperationException), "has no rows");
        yield return Case("one row, validation 0.1", ml => Load(ml, Features().Take(1)), null,
            typeof(InvalidOperationException), "ValidationFraction 0.1 of 1 rows");
        yield return Case("row 4 shorter than declared", ml => Load(ml, Resized(4, 60)), null,
            typeof(InvalidOperationException), "'Features' has 60 values at row 4, but 64 were expected");
        yield return Case("row 4 longer than declared", ml => Load(ml, Resized(4, 70)), null,
            typeof(InvalidOperationException), "'Features' has 70 values at row 4, but 64 were expected");
        yield return Case("unscaled features (1e30)", ml => Load(ml, Features().Select(r => r.Select(v => v * 1e30f).ToArray())), null,
            typeof(TrainingDivergedException), "unscaled input", "1E+30", "NormalizeMinMax");
        yield return Case("latent not below the feature count", ml => Load(ml, Features()), o => o.LatentDimension = Size,
            typeof(ArgumentOutOfRangeException), "LatentDimension (64) must be smaller than the number of features (64)");
        yield return Case("image shape of another size", ml => Load(ml, Features()), o => o.ImageShape = ImageShape.Mnist,
            typeof(ArgumentOutOfRangeException), "ImageShape 1x28x28 holds 784 values, but feature vectors have 64 slots");
        yield return Case("cancelled", ml => Load(ml, Features()), o => o.CancellationToken = new CancellationToken(canceled: true),
            typeof(OperationCanceledException));
        yield return Case("progress handler throws", ml => Load(ml, Features()), o => o.Progress = new ThrowingProgress(),
            typeof(InvalidOperationException), "the progress handler failed");
    }

    private static TestCaseData Case(string name, Func<MLContext, IDataView> data, Action<EnergyDetectorOptions>? spoil, Type exception, params string[] words) =>
        new TestCaseData(data, spoil, exception, words).SetName(name);

    [TestCaseSource(nameof(Cases))]
    public void BadTrainingData_IsRefusedByFit_NamingTheProblem(Func<MLContext, IDataView> data, Action<EnergyDetectorOptions>? spoil, Type exception, string[] words)
    {
        var ml = new MLContext(1);
        var options = TestModels.SmallAutoencoder(epochs: 2);
        spoil?.Invoke(options);
        var error = Assert.Catch(() => ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(data(ml)))!;
        Assert.That(error, Is.InstanceOf(exception), error.ToString());
        foreach (var word in words) Assert.That(error.Message, Does.Contain(word));
    }

    private static IEnumerable<float[]> Features() => DigitsData.Train(1).Select(r => r.Pixels.Select(p => p / 16f).ToArray());

    private static IEnumerable<T> Rows<T>(Func<float[], T> make) => Features().Select(make);

    private static IEnumerable<float[]> Damaged(int row, Action<float[]> damage) => Features().Select((r, i) =>
    {
        var copy = (float[])r.Clone();
        if (i == row) damage(copy);
        return copy;
    });

    private static IEnumerable<float[]> Resized(int row, int length) => Features().Select((r, i) => i == row ? new float[length] : r);

    private static IDataView Load(MLContext ml, IEnumerable<float[]> rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }));

    public sealed class FeatureRow
    {
        [VectorType(Size)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class DoubleRow
    {
        [VectorType(Size)]
        public double[] Features { get; set; } = Array.Empty<double>();
    }

    public sealed class UnknownSizeRow
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>A synchronous progress handler that fails: its exception is the Fit's (an asynchronous
    /// <see cref="Progress{T}"/> that throws ends the process instead, which the docs warn about).</summary>
    private sealed class ThrowingProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => throw new InvalidOperationException("the progress handler failed");
    }
}
