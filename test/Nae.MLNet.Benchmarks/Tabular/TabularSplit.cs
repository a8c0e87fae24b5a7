namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// One seed's split of a data set, min-max scaled with statistics of the training rows only (ADBench's MinMaxScaler;
/// a constant column is shifted, not scaled). Every method of a (data set, seed) sees exactly these rows.
/// </summary>
public sealed record TabularSplit(float[][] Train, int TrainAnomalies, float[][] Test, int[] TestLabels)
{
    /// <summary>
    /// <c>novelty</c>: 70 % of the normal rows train; the other 30 % and every anomaly test. <c>unsupervised</c>
    /// (ADBench): a stratified 70/30 split of all rows, so the training rows hold anomalies (labels unused). Training rows
    /// beyond <paramref name="maxTrainRows"/> are dropped at random (0 = keep all), the same rows for every method.
    /// The test rows are the held-out normal rows first, then the held-out anomalies.
    /// </summary>
    public static TabularSplit Create(TabularData data, string protocol, int seed, int maxTrainRows)
    {
        var random = new Random(seed);
        var normals = Shuffle(Enumerable.Range(0, data.Rows.Length).Where(i => data.Labels[i] == 0).ToArray(), random);
        var anomalies = Shuffle(Enumerable.Range(0, data.Rows.Length).Where(i => data.Labels[i] == 1).ToArray(), random);
        int normalTrain = (int)Math.Round(0.7 * normals.Length);
        int anomalyTrain = protocol == "unsupervised" ? (int)Math.Round(0.7 * anomalies.Length) : 0;
        var train = Shuffle(normals.Take(normalTrain).Concat(anomalies.Take(anomalyTrain)).ToArray(), random);
        if (maxTrainRows > 0 && train.Length > maxTrainRows) train = train[..maxTrainRows];
        var test = normals.Skip(normalTrain).Concat(anomalies.Skip(anomalyTrain)).ToArray();

        var (minimum, scale) = MinMax(data, train);
        float[] Scale(int i) => data.Rows[i].Select((v, j) => (float)((v - minimum[j]) / scale[j])).ToArray();
        return new TabularSplit(train.Select(Scale).ToArray(), train.Count(i => data.Labels[i] == 1),
            test.Select(Scale).ToArray(), test.Select(i => data.Labels[i]).ToArray());
    }

    private static (double[] Minimum, double[] Scale) MinMax(TabularData data, int[] rows)
    {
        int d = data.Features;
        var minimum = Enumerable.Range(0, d).Select(j => rows.Min(i => data.Rows[i][j])).ToArray();
        var scale = Enumerable.Range(0, d).Select(j => rows.Max(i => data.Rows[i][j]) - minimum[j]).Select(s => s > 0 ? s : 1).ToArray();
        return (minimum, scale);
    }

    private static int[] Shuffle(int[] items, Random random)
    {
        random.Shuffle(items);
        return items;
    }
}
