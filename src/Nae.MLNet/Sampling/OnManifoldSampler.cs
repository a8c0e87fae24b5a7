using System.Diagnostics;
using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>
/// NAE negatives by on-manifold initialization (<c>NAE_L2_OMI.train_step</c>, reference-algorithms.md §1.3):
/// a latent chain on H(z) = E(Dec(z)) over the unit sphere, started from the replay buffer or uniformly on the sphere
/// (its end states go back into the buffer); then x₀ = Dec(z) and an input-space chain on E(x). The network's
/// parameters are frozen and in eval mode while sampling; the result is detached, so no gradient flows through it.
/// </summary>
internal sealed class OnManifoldSampler
{
    private readonly AutoencoderNetwork _network;
    private readonly ReplayBuffer _buffer;
    private readonly Device _device;

    public OnManifoldSampler(AutoencoderNetwork network, LangevinSettings latentChain, LangevinSettings inputChain, ReplayBuffer buffer, Device device)
    {
        _network = network;
        LatentChain = latentChain;
        InputChain = inputChain;
        _buffer = buffer;
        _device = device;
    }

    public LangevinSettings LatentChain { get; }

    public LangevinSettings InputChain { get; }

    /// <summary>Draws <paramref name="batch"/> negatives [B, D] (detached, in the caller's dispose scope) at temperature <paramref name="temperature"/>.</summary>
    public NegativeSample Sample(int batch, double temperature)
    {
        using var frozen = new FrozenForSampling(_network);
        var clock = Stopwatch.StartNew();
        var z0 = _buffer.Initial(batch, UniformOnSphere);
        var latent = LangevinSampler.Sample(z => _network.Energy(_network.Decode(z)), z0, LatentChain with { Temperature = temperature });
        _buffer.Push(latent.Sample);
        var latentTime = clock.Elapsed;

        clock.Restart();
        Tensor x0;
        using (torch.no_grad()) x0 = _network.Decode(latent.Sample);
        var input = LangevinSampler.Sample(_network.Energy, x0, InputChain with { Temperature = temperature });
        return new NegativeSample(input.Sample, x0, latentTime, clock.Elapsed, latent.AcceptanceRate, input.AcceptanceRate);
    }

    /// <summary>Empties the replay buffer (after restoring weights, stored chain states no longer fit the model).</summary>
    public void ResetBuffer() => _buffer.Clear();

    /// <summary>Fresh latent chain starts: N(0, I), projected onto the unit sphere for a spherical latent (the authors' <c>uniform_sphere</c>).</summary>
    private Tensor UniformOnSphere(int count)
    {
        var z = torch.randn(new long[] { count, _network.Spec.LatentDimension }, device: _device);
        return _network.Spec.SphericalLatent ? SphereProjection.Project(z) : z;
    }
}

/// <summary>Negatives x⁻ and where their input chain started (x₀ = Dec(z)), with the time each chain took.</summary>
internal sealed record NegativeSample(Tensor Negatives, Tensor Start, TimeSpan LatentChainTime, TimeSpan InputChainTime,
    double? LatentAcceptance, double? InputAcceptance);
