namespace Nae.MLNet.Scoring;

/// <summary>How per-feature contributions to a score are computed: exactly, from a reconstruction energy's per-feature
/// terms (<see cref="Exact"/>), or as gradient × (x − <paramref name="Baseline"/>), a first-order attribution that any
/// differentiable energy has (MPDR-S's scalar energy included).</summary>
internal sealed record FeatureAttribution(float[]? Baseline)
{
    /// <summary>The reconstruction energy's own per-feature terms; they sum to the score.</summary>
    public static FeatureAttribution Exact { get; } = new((float[]?)null);
}
