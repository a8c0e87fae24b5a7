using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>The two gradient clipping semantics of the authors' samplers (reference-algorithms.md §0.4).</summary>
internal static class GradientClipping
{
    /// <summary>Clips <paramref name="gradient"/> [B, D]; <paramref name="rowWidth"/> splits D into rows for RowNorm (0 = whole vector).</summary>
    public static Tensor Clip(Tensor gradient, double? clip, GradientClipMode mode, int rowWidth = 0)
    {
        if (clip is not double c) return gradient;
        if (mode == GradientClipMode.ElementWise) return gradient.clamp(S(-c), S(c));
        long width = rowWidth > 0 ? rowWidth : gradient.shape[^1];
        var rows = gradient.reshape(-1, width);
        var norms = rows.norm(1, keepdim: true);
        var scale = (S(c) / norms.Plus(S(1e-12))).clamp_max(S(1.0));
        return (rows * scale).reshape(gradient.shape);
    }
}
