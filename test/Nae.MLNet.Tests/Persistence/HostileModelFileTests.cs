using Microsoft.ML;
using Nae.MLNet.ModelFuzz;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Persistence;

/// <summary>
/// Damaged model files whose length fields claim gigabytes: loading fails with a <see cref="FormatException"/> naming
/// the field, after allocating no more than the file's own size, and never hands a damaged state dict to TorchSharp.
/// </summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class HostileModelFileTests
{
    private const long AllocationBudget = 64L << 20;
    private readonly DetectorInfo _detector;
    private string _directory = null!;

    public HostileModelFileTests(DetectorInfo detector) => _detector = detector;

    private string Original => Path.Combine(AppContext.BaseDirectory, "TestData", "Models", _detector.PersistedName + ".zip");

    [OneTimeSetUp]
    public void CreateFolder() => Directory.CreateDirectory(_directory = Path.Combine(Path.GetTempPath(), "nae-hostile-" + Guid.NewGuid().ToString("N")));

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void WeightLengthOf2GiB_ReadsOnlyWhatIsThere() =>
        AssertRejectedCheaply(c => BitConverter.GetBytes((long)int.MaxValue - 56).CopyTo(c, ModelFiles.Locate(c).WeightLength), "ends early");

    [Test]
    public void InputDimensionOf2Pow24_IsRejectedBeforeTheNetworkIsBuilt() =>
        AssertRejectedCheaply(c => BitConverter.GetBytes(1 << 24).CopyTo(c, ModelFiles.Locate(c).Spec), "network description");

    [Test]
    public void FirstHiddenLayerOf2Pow26_IsRejectedBeforeTheNetworkIsBuilt()
    {
        var content = ModelFiles.ReadDetectorStream(Original);
        Assert.That(BitConverter.ToInt32(content, ModelFiles.Locate(content).HiddenSizes - 4), Is.GreaterThan(0), "the network has hidden layers");
        AssertRejectedCheaply(c => BitConverter.GetBytes(1 << 26).CopyTo(c, ModelFiles.Locate(c).HiddenSizes), "network description");
    }

    [Test]
    public void TensorRankOf2Pow28_NeverReachesTorchSharp() => AssertRejectedCheaply(c =>
        new byte[] { 0x80, 0x80, 0x80, 0x80, 0x01 }.CopyTo(c, ModelFiles.Locate(c).FirstTensorRank(c)), // LEB128 2^28 over the rank and dimensions
        "has rank 268435456");

    [Test]
    public void CalibrationScoreCountOf100Million_ReadsOnlyWhatIsThere() =>
        AssertRejectedCheaply(c => BitConverter.GetBytes(100_000_000).CopyTo(c, ModelFiles.Locate(c).ScoreCount), "ends early");

    private void AssertRejectedCheaply(Action<byte[]> damage, string expected) => AssertRejectedCheaply(c => { damage(c); return c; }, expected);

    private void AssertRejectedCheaply(Func<byte[], byte[]> damage, string expected)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".zip");
        ModelFiles.WriteWithDetectorStream(Original, path, damage(ModelFiles.ReadDetectorStream(Original)));
        var ml = new MLContext().RegisterNaeMLNet();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Catch(() => ml.Model.Load(path, out _))!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var format = Unwrap(error);
        Assert.Multiple(() =>
        {
            Assert.That(format, Is.InstanceOf<FormatException>(), error.ToString());
            Assert.That(format.Message, Does.Contain("Model.key").And.Contain(expected));
            Assert.That(format.Message, Does.Not.Contain("Exception raised from"), "no libtorch stack in the message");
            Assert.That(allocated, Is.LessThan(AllocationBudget + new FileInfo(path).Length), "managed bytes allocated by the load");
        });
    }

    private static Exception Unwrap(Exception error) => error is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : error;
}
