namespace Nae.MLNet.AutoML;

/// <summary>Area under the ROC curve from scores and labels (the Mann-Whitney statistic, ties counted half), and a
/// bootstrap confidence interval for it.</summary>
public static class Auroc
{
    /// <summary>P(score of a random anomaly &gt; score of a random normal row); NaN without both classes.</summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> anomalies)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1; // average rank of the tie group
            for (int k = start; k <= end; k++)
                if (anomalies[order[k]]) { rankSum += rank; positives++; }
            start = end + 1;
        }
        long negatives = scores.Count - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    /// <summary>The 95 % percentile bootstrap interval of the AUROC (resampling rows with replacement, 1,000 times by default).</summary>
    public static (double Low, double High) BootstrapInterval(IReadOnlyList<double> scores, IReadOnlyList<bool> anomalies, int seed, int resamples = 1000)
    {
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var s = new double[scores.Count];
        var a = new bool[scores.Count];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < s.Length; i++)
            {
                int j = random.Next(s.Length);
                s[i] = scores[j];
                a[i] = anomalies[j];
            }
            double value = Compute(s, a);
            if (!double.IsNaN(value)) values.Add(value);
        }
        values.Sort();
        return values.Count == 0 ? (double.NaN, double.NaN) : (values[(int)(0.025 * (values.Count - 1))], values[(int)Math.Ceiling(0.975 * (values.Count - 1))]);
    }
}
