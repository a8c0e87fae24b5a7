namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>Comparisons across data sets: mean rank (1 = best, ties share the average rank) and wins / ties / losses.</summary>
public static class Ranking
{
    /// <summary>Two AUROCs closer than this count as a tie.</summary>
    public const double TieMargin = 0.01;

    /// <summary>
    /// Mean rank of each method over the data sets where every method has a value (<paramref name="auroc"/>[set][method],
    /// NaN = missing); returns the ranks and how many data sets they cover.
    /// </summary>
    public static (double[] MeanRanks, int DataSets) MeanRanks(IReadOnlyList<double[]> auroc)
    {
        var complete = auroc.Where(row => row.All(v => !double.IsNaN(v))).ToList();
        int methods = auroc.FirstOrDefault()?.Length ?? 0;
        var sums = new double[methods];
        foreach (var row in complete)
            for (int m = 0; m < methods; m++)
            {
                int better = row.Count(v => v > row[m]), equal = row.Count(v => v == row[m]);
                sums[m] += better + (equal + 1) / 2.0;
            }
        return (sums.Select(s => complete.Count == 0 ? double.NaN : s / complete.Count).ToArray(), complete.Count);
    }

    /// <summary>Data sets where <paramref name="ours"/> beats, ties (within <see cref="TieMargin"/>) or loses to <paramref name="peer"/>; pairs with a NaN are skipped.</summary>
    public static (int Wins, int Ties, int Losses) WinsTiesLosses(IReadOnlyList<double> ours, IReadOnlyList<double> peer)
    {
        int wins = 0, ties = 0, losses = 0;
        for (int i = 0; i < ours.Count; i++)
        {
            if (double.IsNaN(ours[i]) || double.IsNaN(peer[i])) continue;
            double difference = ours[i] - peer[i];
            if (Math.Abs(difference) < TieMargin) ties++;
            else if (difference > 0) wins++;
            else losses++;
        }
        return (wins, ties, losses);
    }
}
