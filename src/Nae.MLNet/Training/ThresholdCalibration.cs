namespace Nae.MLNet.Training;

/// <summary>
/// The threshold that keeps the false-positive rate at or below the request: for n calibration scores and a rate α,
/// the k-th smallest score with k = ⌈(n + 1)(1 − α)⌉. For a new normal row exchangeable with the calibration rows,
/// P(score &gt; threshold) = (n + 1 − k) / (n + 1) ≤ α (the split-conformal quantile). When (n + 1)(1 − α) &gt; n, no
/// calibration score can promise α; the largest one is used, and the rate is then at most 1 / (n + 1).
/// </summary>
internal static class ThresholdCalibration
{
    /// <summary>The threshold for <paramref name="falsePositiveRate"/> from ascending <paramref name="sortedScores"/>.</summary>
    public static float Threshold(IReadOnlyList<float> sortedScores, double falsePositiveRate)
    {
        int n = sortedScores.Count;
        return sortedScores[Math.Min(Rank(n, falsePositiveRate), n) - 1];
    }

    /// <summary>Whether <paramref name="rows"/> calibration rows can promise <paramref name="falsePositiveRate"/>.</summary>
    public static bool CanGuarantee(int rows, double falsePositiveRate) => Rank(rows, falsePositiveRate) <= rows;

    /// <summary>The smallest rate <paramref name="rows"/> calibration rows can promise: 1 / (n + 1).</summary>
    public static double SmallestGuaranteedRate(int rows) => 1.0 / (rows + 1);

    private static int Rank(int n, double falsePositiveRate) => (int)Math.Ceiling((n + 1) * (1 - falsePositiveRate) - 1e-9);
}
