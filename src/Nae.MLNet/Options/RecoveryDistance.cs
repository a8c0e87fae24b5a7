namespace Nae.MLNet;

/// <summary>The latent distance in MPDR's recovery term R(x) between f_e(x) and the perturbed code z_obs (the authors' <c>proj_dist</c>).</summary>
public enum RecoveryDistance
{
    /// <summary>‖f_e(x) − z_obs‖² / (2σ²) (MNIST configs: <c>sum</c>).</summary>
    Sum,

    /// <summary>arccos(⟨f_e(x), z_obs⟩ − 1e-6)² / (2σ²) (latent and CIFAR configs: <c>geodesic</c>).</summary>
    Geodesic,
}
