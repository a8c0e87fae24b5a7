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
        return Nae.MLNet.AutoML.Auroc.Compute(scores, labels.Select(l => l == 1).ToArray()); // the experiments' own, ties counted half
    }
}
