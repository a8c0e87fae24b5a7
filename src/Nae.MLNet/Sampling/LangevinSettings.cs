namespace Nae.MLNet.Sampling;

/// <summary>
/// One Langevin chain: x ← bound(x − StepSize · clip(∇E(x)) / T + σ_i · ε), ε ~ N(0, I). Step size and noise are
/// decoupled, as in the authors' code (not σ²/2).
/// </summary>
/// <param name="Steps">Number of steps (≥ 0).</param>
/// <param name="StepSize">Drift coefficient on the gradient.</param>
/// <param name="NoiseStd">σ, the standard deviation of the noise of the first step.</param>
/// <param name="AnnealNoise">When true, step i (0-based) uses σ / max(1, i): σ, σ, σ/2, σ/3, ... (the authors' <c>noise_anneal</c>).</param>
/// <param name="GradientClip">Clip value c; null for no clipping.</param>
/// <param name="ClipMode">Element-wise clamp or per-row L2 norm.</param>
/// <param name="Bound">Applied to the state after every step.</param>
/// <param name="Temperature">T: the chain samples exp(−E/T).</param>
/// <param name="MetropolisHastings">Accept or reject each proposal per sample (MALA); off in every config of the authors.</param>
/// <param name="RowWidth">Width of a "row" for <see cref="GradientClipMode.RowNorm"/> (image width, or the whole vector).</param>
/// <param name="TangentProjection">Project the gradient onto the sphere's tangent plane, g − ⟨g, x⟩x (MPDR latent chain).</param>
/// <param name="NormalizeGradient">Scale each sample's gradient to unit L2 norm (MPDR <c>mcmc_normalize_omi</c>).</param>
internal sealed record LangevinSettings(
    int Steps,
    double StepSize,
    double NoiseStd,
    bool AnnealNoise,
    double? GradientClip,
    GradientClipMode ClipMode,
    ChainBound Bound,
    double Temperature = 1.0,
    bool MetropolisHastings = false,
    int RowWidth = 0,
    bool TangentProjection = false,
    bool NormalizeGradient = false)
{
    /// <summary>The noise standard deviation of step <paramref name="step"/> (0-based).</summary>
    public double NoiseAt(int step) => AnnealNoise ? NoiseStd / Math.Max(1, step) : NoiseStd;
}
