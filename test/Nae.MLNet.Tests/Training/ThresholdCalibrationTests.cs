using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet.Tests.Training;

/// <summary>The threshold keeps the false-positive rate at or below the request (split-conformal quantile), and the
/// rows it is calibrated on are rows no training decision saw.</summary>
public class ThresholdCalibrationTests
{
    private static float[] Ranks(int n) => Enumerable.Range(1, n).Select(i => (float)i).ToArray();

    [TestCase(83, 0.05, 80)]  // ⌈84 × 0.95⌉ = 80: P(flag) = 4/84 = .048 (the old floor rule took 79: 5/84 = .060)
    [TestCase(99, 0.01, 99)]  // ⌈100 × 0.99⌉ = 99
    [TestCase(199, 0.2, 160)] // ⌈200 × 0.8⌉ = 160, exactly: no rounding up past it
    [TestCase(10, 0.05, 10)]  // ⌈11 × 0.95⌉ = 11 > 10: the largest score (1/11 cannot be promised below it)
    public void Threshold_IsTheConformalRank(int n, double rate, int rank)
    {
        Assert.That(ThresholdCalibration.Threshold(Ranks(n), rate), Is.EqualTo((float)rank));
        Assert.That(ThresholdCalibration.CanGuarantee(n, rate), Is.EqualTo((n + 1) * (1 - rate) <= n + 1e-9));
    }

    [TestCase(20, 0.05)]
    [TestCase(83, 0.05)]
    [TestCase(300, 0.01)]
    public void NewExchangeableRows_AreFlaggedAtMostAtTheRequestedRate(int n, double rate)
    {
        // many calibration sets and one new row each, all from the same distribution: the flagged share estimates P(flag)
        var random = new Random(7);
        const int Trials = 20_000;
        int flagged = 0;
        for (int t = 0; t < Trials; t++)
        {
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).OrderBy(s => s).ToArray();
            if (random.NextDouble() > ThresholdCalibration.Threshold(scores, rate)) flagged++;
        }
        double expected = Math.Ceiling((n + 1) * (1 - rate) - 1e-9) is var k && k <= n ? (n + 1 - k) / (n + 1) : 1.0 / (n + 1);
        Assert.That((double)flagged / Trials, Is.LessThanOrEqualTo(rate + 3 * Math.Sqrt(rate / Trials)).And.EqualTo(expected).Within(0.005));
    }

    [Test]
    public void Split_WithSeparateCalibration_KeepsTheTrainingRows_AndGivesDisjointValidationAndCalibrationHalves()
    {
        var values = Enumerable.Range(0, 100 * 2).Select(i => (float)(i / 2)).ToArray(); // row r holds (r, r)
        var matrix = new FeatureMatrix(values, 100, 2);
        using var together = TrainingSet.Split(matrix, 0.2, separateCalibration: false, new Random(3), torch.CPU);
        using var separate = TrainingSet.Split(matrix, 0.2, separateCalibration: true, new Random(3), torch.CPU);
        float[] Ids(torch.Tensor rows) => rows.select(1, 0).data<float>().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Ids(separate.Train), Is.EqualTo(Ids(together.Train)), "the same training rows either way");
            Assert.That(Ids(separate.Validation!).Length, Is.EqualTo(10));
            Assert.That(Ids(separate.Calibration).Length, Is.EqualTo(10));
            Assert.That(Ids(separate.Validation!).Intersect(Ids(separate.Calibration)), Is.Empty);
            Assert.That(Ids(separate.Validation!).Concat(Ids(separate.Calibration)), Is.EquivalentTo(Ids(together.Validation!)));
            Assert.That(Ids(together.Calibration), Is.EqualTo(Ids(together.Validation!)));
        });
    }
}
