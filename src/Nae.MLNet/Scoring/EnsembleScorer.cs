namespace Nae.MLNet.Scoring;

/// <summary>
/// Combines detectors into one score: each member's score is mapped through its empirical CDF on held-out normal rows
/// (the share of those rows it scores at or below), so that members on different scales count alike, and the mapped
/// scores are averaged: the combined score lies in [0, 1], higher is more anomalous. A row with a NaN or infinite feature
/// scores +∞, as with a single detector.
/// </summary>
internal sealed class EnsembleScorer : IBatchScorer
{
    private readonly IReadOnlyList<EnergyScorer> _members;
    private readonly ReferenceCount _owners;

    /// <summary>Takes ownership of one reference of each member (released when the last owner of the ensemble lets go).</summary>
    public EnsembleScorer(IReadOnlyList<EnergyScorer> members, IReadOnlyList<float[]> sortedCalibration)
    {
        _members = members;
        Calibration = sortedCalibration;
        _owners = new ReferenceCount(() =>
        {
            foreach (var member in members) member.Dispose();
        });
    }

    public IReadOnlyList<EnergyScorer> Members => _members;

    /// <summary>Each member's ascending scores of its held-out normal rows.</summary>
    public IReadOnlyList<float[]> Calibration { get; }

    public int FeatureCount => _members[0].FeatureCount;

    public void Score(float[] features, int rows, Span<float> scores)
    {
        if (rows == 0) return;
        _owners.ThrowIfReleased();
        var memberScores = new float[rows];
        scores[..rows].Clear();
        for (int m = 0; m < _members.Count; m++)
        {
            _members[m].Score(features, rows, memberScores);
            for (int r = 0; r < rows; r++) scores[r] += (float)(Cdf(Calibration[m], memberScores[r]) / _members.Count);
        }
        for (int r = 0; r < rows; r++)
            if (!FiniteRows.RowIsFinite(features, r, FeatureCount)) scores[r] = float.PositiveInfinity; // the detectors' contract
    }

    /// <summary>False: an average of empirical CDFs does not split into per-feature terms.</summary>
    public bool CanExplain => false;

    public void Explain(float[] features, int rows, Span<float> contributions, FeatureAttribution attribution) => throw new NotSupportedException(Errors.ErrorMessages.NotExplainable());

    /// <summary>The share of <paramref name="sorted"/> at or below <paramref name="score"/>.</summary>
    public static double Cdf(float[] sorted, float score)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (sorted[middle] <= score) low = middle + 1;
            else high = middle;
        }
        return sorted.Length == 0 ? 0 : (double)low / sorted.Length;
    }

    IBatchScorer IBatchScorer.Acquire()
    {
        _owners.Acquire();
        return this;
    }

    public void Dispose() => _owners.Release();
}
