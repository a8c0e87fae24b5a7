namespace Nae.MLNet.AutoML;

/// <summary>
/// How an experiment without labels selects. Label-free selection is often no better than a sensible default (Ma et al.,
/// "The Need for Unsupervised Outlier Model Selection", 2023), and it was worse here: on the 48 tabular sets (seed 1 only) the top-5
/// ensemble by the synthetic-anomaly criterion scored below every single preset, the ensemble of the presets above
/// each of them (docs/automl.md). The default is therefore <see cref="Presets"/>, the sensible default itself, averaged
/// over the detectors; <see cref="Ensemble"/> and <see cref="Single"/> rank the trials by the criterion.
/// </summary>
public sealed class UnsupervisedSelection
{
    private UnsupervisedSelection(int ensembleSize, bool presetsOnly = false)
    {
        EnsembleSize = ensembleSize;
        PresetsOnly = presetsOnly;
    }

    /// <summary>Members of the ensemble at most; 0 for a single pick.</summary>
    public int EnsembleSize { get; }

    /// <summary>Whether the ensemble is the detectors' presets (<see cref="Presets"/>) rather than the top trials.</summary>
    public bool PresetsOnly { get; }

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

    /// <summary>The default: the "sensible default" without any ranking: each Nae.MLNet detector's first trial — its preset for the
    /// data (<see cref="SweepableDetector.PresetFor"/>) — that passes the guards, averaged as <see cref="Ensemble"/>
    /// averages. The trials after the portfolio still run and are listed, but do not join. With one passing preset, that
    /// preset alone; with none, the first completed trial: the criterion never picks.</summary>
    public static UnsupervisedSelection Presets() => new(64, presetsOnly: true);

    /// <summary>"ensemble of N", "ensemble of presets" or "single pick".</summary>
    public override string ToString() => PresetsOnly ? "ensemble of presets" : EnsembleSize > 0 ? $"ensemble of {EnsembleSize}" : "single pick";
}
