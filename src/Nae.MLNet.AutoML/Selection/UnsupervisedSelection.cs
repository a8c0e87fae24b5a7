namespace Nae.MLNet.AutoML;

/// <summary>
/// How an experiment without labels selects. Label-free selection is often no better than a sensible default (Ma et al.,
/// "The Need for Unsupervised Outlier Model Selection", 2023): the default therefore does not bet on one trial but averages
/// a small, diverse ensemble of the trials that pass the guards.
/// </summary>
public sealed class UnsupervisedSelection
{
    private UnsupervisedSelection(int ensembleSize) => EnsembleSize = ensembleSize;

    /// <summary>Members of the ensemble; 0 for a single pick.</summary>
    public int EnsembleSize { get; }

    /// <summary>The top <paramref name="size"/> trials by the synthetic-anomaly criterion that pass the guards, at most half
    /// from one detector, as a <see cref="ScoreEnsembleTransformer"/> (empirical-CDF scores, averaged). Only Nae.MLNet
    /// detectors join; a RandomizedPca trial can still be the single best.</summary>
    public static UnsupervisedSelection Ensemble(int size = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 64);
        return new UnsupervisedSelection(size);
    }

    /// <summary>The single trial with the best synthetic-anomaly AUROC that passes the guards.</summary>
    public static UnsupervisedSelection Single() => new(0);

    /// <summary>"ensemble of N" or "single pick".</summary>
    public override string ToString() => EnsembleSize > 0 ? $"ensemble of {EnsembleSize}" : "single pick";
}
