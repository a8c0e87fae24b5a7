using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Networks;

/// <summary>Projection onto the unit sphere along the feature dimension: z / ‖z‖₂ (the NAE <c>SphericalActivation</c>).</summary>
internal static class SphereProjection
{
    /// <summary>Norms below this are clamped so that a zero vector does not produce NaN.</summary>
    private const double MinNorm = 1e-12;

    /// <summary>z [B, K] → z / ‖z‖₂ per row.</summary>
    public static Tensor Project(Tensor z) => z / z.norm(1, keepdim: true).clamp_min(S(MinNorm));
}
