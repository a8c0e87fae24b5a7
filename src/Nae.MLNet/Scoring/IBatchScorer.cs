namespace Nae.MLNet.Scoring;

/// <summary>
/// Scores batches of flat feature rows; shared, reference-counted, by the transformers, copies and PredictionEngine
/// rows that use it (a detector's <see cref="EnergyScorer"/>, or an <see cref="EnsembleScorer"/> over several).
/// </summary>
internal interface IBatchScorer : IDisposable
{
    /// <summary>Values per row.</summary>
    int FeatureCount { get; }

    /// <summary>Scores <paramref name="rows"/> row-major rows of <paramref name="features"/> into <paramref name="scores"/>;
    /// a row with a non-finite feature or energy scores +∞.</summary>
    void Score(float[] features, int rows, Span<float> scores);

    /// <summary>Whether <see cref="Explain"/> is available with <see cref="FeatureAttribution.Exact"/> (reconstruction energies).</summary>
    bool CanExplain { get; }

    /// <summary>Each row's per-feature contributions to its score (row-major, FeatureCount per row) by
    /// <paramref name="attribution"/>; +∞ for every feature of a row with a non-finite feature.</summary>
    void Explain(float[] features, int rows, Span<float> contributions, FeatureAttribution attribution);

    /// <summary>Adds an owner (released by one <see cref="IDisposable.Dispose"/>).</summary>
    IBatchScorer Acquire();
}
