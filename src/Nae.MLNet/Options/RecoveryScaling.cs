namespace Nae.MLNet;

/// <summary>How MPDR's recovery term R(x) is scaled by the perturbation scales σ of the batch.</summary>
public enum RecoveryScaling
{
    /// <summary>The paper's formula: each sample's term is c · d_i / (2σ_i²), with its own σ_i.</summary>
    PerSample,

    /// <summary>What the authors' released code computes with <c>proj_dist: sum</c> (both MNIST configurations): a per-sample
    /// distance of shape (B,) divided by σ² of shape (B, 1, 1, 1) broadcasts to (B, 1, 1, B) and is summed, so every sample's
    /// recovery gradient is scaled by c · Σ_j 1/(2σ_j²) — about 130× the per-sample scale at batch 128 with σ ~ U(0.05, 0.3).
    /// The published MNIST numbers were made with it. (The <c>geodesic</c> configurations keep the dimension and are per-sample.)</summary>
    BatchSum,
}
