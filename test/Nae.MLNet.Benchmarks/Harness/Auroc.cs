namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>Area under the ROC curve with anomalies (label 1) as positives and higher score = more anomalous.</summary>
public static class Auroc
{
    /// <summary>
    /// The Mann-Whitney statistic: the probability that a random anomaly scores above a random normal row, ties
    /// counting one half (average ranks). The same function scores every method, ours and the peers'.
    /// </summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels.");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("A score is NaN; AUROC is undefined.");
        long positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("AUROC needs both anomalies and normal rows.");
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) if (labels[order[k]] == 1) rankSum += averageRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
