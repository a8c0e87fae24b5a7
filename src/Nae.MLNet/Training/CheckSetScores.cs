using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// <see cref="EnergyDetectorOptions.CheckSet"/> on the training device: scores its rows and probes with the current
/// network at a report and returns the metrics CheckAuroc, CheckNormalEnergy, CheckAnomalyEnergy and Probe.NAME.
/// </summary>
internal sealed class CheckSetScores : IDisposable
{
    private readonly Tensor _rows;
    private readonly bool[] _anomalies;
    private readonly Tensor? _probes;
    private readonly string[] _probeNames;

    public CheckSetScores(TrainingCheck check, Device device)
    {
        _anomalies = check.Anomalies.ToArray();
        _rows = Matrix(check.Rows, device);
        _probeNames = check.Probes.Keys.ToArray();
        _probes = _probeNames.Length == 0 ? null : Matrix(_probeNames.Select(n => check.Probes[n]).ToList(), device);
    }

    /// <summary>The metrics for the network whose energies <paramref name="energies"/> computes.</summary>
    public IEnumerable<KeyValuePair<string, double>> Measure(Func<Tensor, float[]> energies)
    {
        var scores = energies(_rows);
        yield return new("CheckAuroc", Auroc(scores, _anomalies));
        yield return new("CheckNormalEnergy", scores.Where((_, i) => !_anomalies[i]).Average(s => (double)s));
        yield return new("CheckAnomalyEnergy", scores.Where((_, i) => _anomalies[i]).Average(s => (double)s));
        if (_probes is null) yield break;
        var probes = energies(_probes);
        for (int i = 0; i < _probeNames.Length; i++) yield return new("Probe." + _probeNames[i], probes[i]);
    }

    /// <summary>Area under the ROC curve of <paramref name="scores"/> against <paramref name="anomalies"/> (Mann-Whitney;
    /// ties count one half; non-finite scores rank as the least anomalous).</summary>
    public static double Auroc(IReadOnlyList<float> scores, IReadOnlyList<bool> anomalies)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => float.IsFinite(scores[i]) ? scores[i] : float.NegativeInfinity).ToArray();
        double rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            float value = Finite(scores[order[start]]);
            while (end + 1 < order.Length && Finite(scores[order[end + 1]]) == value) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (anomalies[order[k]]) rankSum += rank;
            start = end + 1;
        }
        long positives = anomalies.Count(a => a), negatives = anomalies.Count - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    public void Dispose()
    {
        _rows.Dispose();
        _probes?.Dispose();
    }

    private static float Finite(float value) => float.IsFinite(value) ? value : float.NegativeInfinity;

    private static Tensor Matrix(IReadOnlyList<float[]> rows, Device device)
    {
        int columns = rows[0].Length;
        var values = new float[rows.Count * columns];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(values, i * columns);
        using var cpu = torch.tensor(values, new long[] { rows.Count, columns });
        return cpu.to(device).DetachFromDisposeScope();
    }
}
