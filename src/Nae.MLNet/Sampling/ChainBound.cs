using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>What a Langevin chain applies to its state after every step.</summary>
internal abstract record ChainBound
{
    public static readonly ChainBound None = new NoBound();
    public static readonly ChainBound Sphere = new SphereBound();

    public static ChainBound Clamp(double min, double max) => new ClampBound(min, max);

    /// <summary>A clamp to the given limits (a missing one is unbounded), or no bound when both are missing.</summary>
    public static ChainBound FromLimits((double? Min, double? Max) limits) => limits is (null, null)
        ? None
        : Clamp(limits.Min ?? double.NegativeInfinity, limits.Max ?? double.PositiveInfinity);

    public abstract Tensor Apply(Tensor x);

    private sealed record NoBound : ChainBound
    {
        public override Tensor Apply(Tensor x) => x;
    }

    /// <summary>Renormalize each row to the unit sphere (the NAE latent chain).</summary>
    private sealed record SphereBound : ChainBound
    {
        public override Tensor Apply(Tensor x) => Networks.SphereProjection.Project(x);
    }

    /// <summary>Clamp every value to [min, max] (the NAE input chain: [0, 1]).</summary>
    private sealed record ClampBound(double Min, double Max) : ChainBound
    {
        public override Tensor Apply(Tensor x) => x.clamp(S(Min), S(Max));
    }
}
