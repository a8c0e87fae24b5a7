using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using System.Diagnostics;
using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>
/// MPDR negatives (reference-algorithms.md §2.2-2.4). Each frozen manifold autoencoder takes an equal share of the
/// batch: z_obs = project(f_e(x) + σ_i·ε), σ_i ~ U(σ_min, σ_max) per sample; a latent chain started at z_obs on
/// −log p(f_d(z) | z_obs) with tangent-projected, unit-normalized gradients and re-projection to the sphere; then a
/// visible chain from f_d(z) on −log p(x | z_obs) = E_θ(x)/T + c·R(x), clamped to the bounds. The energy network is
/// frozen and in eval mode while sampling; the negatives are detached.
/// </summary>
internal sealed class ManifoldProjectionDiffusion
{
    private readonly IReadOnlyList<AutoencoderNetwork> _manifolds;
    private readonly PerturbationSettings _perturbation;

    public ManifoldProjectionDiffusion(IReadOnlyList<AutoencoderNetwork> manifolds, PerturbationSettings perturbation,
        LangevinSettings latentChain, LangevinSettings visibleChain)
    {
        _manifolds = manifolds;
        _perturbation = perturbation;
        LatentChain = latentChain;
        VisibleChain = visibleChain;
    }

    public LangevinSettings LatentChain { get; }

    public LangevinSettings VisibleChain { get; }

    /// <summary>Negatives for <paramref name="positives"/> [B, D] under the energy network, in the caller's dispose scope.</summary>
    public MpdrNegatives Sample(Tensor positives, IEnergyNetwork energy)
    {
        using var frozen = new FrozenForSampling(energy.Module);
        var clock = Stopwatch.StartNew();
        var chunks = positives.tensor_split(_manifolds.Count, 0);
        var negatives = new List<Tensor>();
        var latentTime = TimeSpan.Zero;
        for (int k = 0; k < _manifolds.Count; k++)
        {
            if (chunks[k].shape[0] == 0) continue;
            var (chunk, latentSeconds) = SampleChunk(_manifolds[k], chunks[k], energy);
            negatives.Add(chunk);
            latentTime += latentSeconds;
        }
        return new MpdrNegatives(torch.cat(negatives, 0), latentTime, clock.Elapsed - latentTime);
    }

    /// <summary>z_obs = project(f_e(x) + σ·ε) with σ [B] drawn per sample; both detached.</summary>
    public (Tensor ZObs, Tensor Sigma) Perturb(AutoencoderNetwork manifold, Tensor x)
    {
        using var noGrad = torch.no_grad();
        var z = manifold.Encode(x);
        // σ = max − (max − min)·u, u ~ U[0, 1), written without a scalar-minus-tensor operator (see TensorArithmetic)
        var sigma = (S(_perturbation.Max - _perturbation.Min) * torch.rand(x.shape[0], device: x.device)).neg().Plus(S(_perturbation.Max));
        var zObs = SphereProjection.Project(z.Plus(sigma.unsqueeze(1) * torch.randn_like(z)));
        return (zObs, sigma);
    }

    /// <summary>The recovery term c·R(x), [B] (differentiable in x): the latent distance d_i between f_e(x_i) and z_obs,i
    /// over 2σ_i² (<see cref="RecoveryScaling.PerSample"/>), or times Σ_j 1/(2σ_j²) (<see cref="RecoveryScaling.BatchSum"/>,
    /// the released code's broadcast: the same gradient per sample as its summed (B, 1, 1, B) tensor).</summary>
    public Tensor Recovery(AutoencoderNetwork manifold, Tensor x, Tensor zObs, Tensor sigma)
    {
        var z = manifold.Encode(x);
        var distance = _perturbation.Distance == RecoveryDistance.Sum
            ? (z - zObs).Squared().sum(1)
            : ((z * zObs).sum(1) - S(1e-6)).clamp(S(-1), S(1)).acos().Squared();
        var inverse = (S(2) * sigma.Squared()).reciprocal();
        return S(_perturbation.Weight) * distance * (_perturbation.Scaling == RecoveryScaling.BatchSum ? inverse.sum() : inverse);
    }

    private (Tensor Negatives, TimeSpan LatentTime) SampleChunk(AutoencoderNetwork manifold, Tensor x, IEnergyNetwork energy)
    {
        var clock = Stopwatch.StartNew();
        var (zObs, sigma) = Perturb(manifold, x);
        double t = _perturbation.Temperature;
        Tensor NegativeLogRecovery(Tensor xs) => (energy.Energy(xs) / S(t)).Plus(Recovery(manifold, xs, zObs, sigma));
        var z = LatentChain.Steps > 0
            ? LangevinSampler.Sample(zs => NegativeLogRecovery(manifold.Decode(zs)), zObs, LatentChain).Sample
            : zObs;
        Tensor x0;
        using (torch.no_grad()) x0 = manifold.Decode(z);
        var latentTime = clock.Elapsed;
        return (LangevinSampler.Sample(NegativeLogRecovery, x0, VisibleChain).Sample, latentTime);
    }
}

/// <summary>The perturbation and recovery settings of MPDR.</summary>
/// <param name="Min">σ range lower end (<c>proj_noise_end</c>).</param>
/// <param name="Max">σ range upper end (<c>proj_noise_start</c>).</param>
/// <param name="Weight">c, the recovery weight (<c>proj_const</c>).</param>
/// <param name="Distance">Sum of squares or geodesic.</param>
/// <param name="Temperature">T of the energy in −log p(x | z_obs).</param>
/// <param name="Scaling">Per-sample σ (the paper) or the batch sum of 1/(2σ²) (the released code).</param>
internal sealed record PerturbationSettings(double Min, double Max, double Weight, RecoveryDistance Distance, double Temperature,
    RecoveryScaling Scaling = RecoveryScaling.PerSample);

/// <summary>MPDR negatives and the time the two chains took.</summary>
internal sealed record MpdrNegatives(Tensor Negatives, TimeSpan LatentChainTime, TimeSpan VisibleChainTime);
