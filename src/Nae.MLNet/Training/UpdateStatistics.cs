namespace Nae.MLNet.Training;

/// <summary>Running means of per-update diagnostics between two progress reports.</summary>
internal sealed class UpdateStatistics
{
    private readonly Dictionary<string, double> _sums = new();
    private int _count;

    public void Add(IReadOnlyDictionary<string, double> values)
    {
        foreach (var (name, value) in values)
            _sums[name] = _sums.GetValueOrDefault(name) + value;
        _count++;
    }

    /// <summary>The means, then cleared for the next report.</summary>
    public Dictionary<string, double> TakeMeans()
    {
        var means = _sums.ToDictionary(kv => kv.Key, kv => kv.Value / Math.Max(1, _count));
        _sums.Clear();
        _count = 0;
        return means;
    }
}
