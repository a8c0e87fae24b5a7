namespace Nae.MLNet.Training;

/// <summary>Turns held-out normal scores and a target false-positive rate into the threshold behind PredictedLabel.</summary>
internal static class ThresholdCalibration
{
    /// <summary>The smallest threshold such that at most ⌊rate · n⌋ of the sorted scores lie strictly above it.</summary>
    public static float Threshold(IReadOnlyList<float> sortedScores, double falsePositiveRate)
    {
        int n = sortedScores.Count;
        int flagged = (int)Math.Floor(falsePositiveRate * n + 1e-9);
        return sortedScores[Math.Clamp(n - flagged - 1, 0, n - 1)];
    }
}
