namespace Nae.MLNet.AutoML;

/// <summary>
/// Rows unlike the training rows, for selecting without labels (the kinds of ADBench's synthetic anomalies):
/// <b>global</b>, uniform in the training rows' bounding box widened by 10 %; <b>dependency</b>, each feature drawn from
/// its own training marginal (correlations broken); <b>local</b>, a held-out normal row with Gaussian noise of 0.5 σ_d
/// on a fifth of its features.
/// </summary>
internal static class SyntheticAnomalies
{
    public const string Global = "global", Dependency = "dependency", Local = "local";

    public static IReadOnlyDictionary<string, float[][]> Make(float[][] train, float[][] normals, int count, Random random)
    {
        int d = train[0].Length;
        var min = Enumerable.Range(0, d).Select(j => train.Min(r => r[j])).ToArray();
        var max = Enumerable.Range(0, d).Select(j => train.Max(r => r[j])).ToArray();
        var mean = Enumerable.Range(0, d).Select(j => train.Average(r => r[j])).ToArray();
        var sd = Enumerable.Range(0, d).Select(j => Math.Sqrt(train.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])))).ToArray();
        float[] GlobalRow()
        {
            var row = new float[d];
            for (int j = 0; j < d; j++)
            {
                double margin = 0.1 * (max[j] - min[j]);
                row[j] = (float)(min[j] - margin + random.NextDouble() * (max[j] - min[j] + 2 * margin));
            }
            return row;
        }
        float[] DependencyRow() => Enumerable.Range(0, d).Select(j => train[random.Next(train.Length)][j]).ToArray();
        float[] LocalRow()
        {
            var row = (float[])normals[random.Next(normals.Length)].Clone();
            for (int j = 0; j < d; j++)
                if (random.NextDouble() < 0.2) row[j] += (float)(0.5 * sd[j] * random.NextGaussian());
            return row;
        }
        return new Dictionary<string, float[][]>
        {
            [Global] = Enumerable.Range(0, count).Select(_ => GlobalRow()).ToArray(),
            [Dependency] = Enumerable.Range(0, count).Select(_ => DependencyRow()).ToArray(),
            [Local] = Enumerable.Range(0, count).Select(_ => LocalRow()).ToArray(),
        };
    }
}
