using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>
/// Langevin MCMC on a per-sample energy, as in the authors' <c>sample_langevin_v2</c> (reference-algorithms.md §0.4):
/// x_{i+1} = bound(x_i − a · clip(∇E(x_i)) / T + σ_i · ε). Gradients are taken with respect to the chain state only;
/// the state is detached every step, and each step runs in its own dispose scope. With Metropolis-Hastings off the
/// gradient after the last step is not needed, so a chain of n steps costs n gradient evaluations (the reference's
/// n + 1 gives the same samples).
/// </summary>
internal static class LangevinSampler
{
    /// <summary>Runs the chain from <paramref name="x0"/> (not modified); returns the detached final state.</summary>
    /// <param name="energy">Per-sample energy: [B, ...] → [B]. Network parameters should be frozen by the caller.</param>
    /// <param name="x0">Starting states [B, ...].</param>
    /// <param name="settings">Steps, step size, noise, clipping, bound, temperature.</param>
    public static LangevinResult Sample(Func<Tensor, Tensor> energy, Tensor x0, LangevinSettings settings)
    {
        var x = x0.detach().clone();
        Tensor? e = null, g = null;
        long accepted = 0, proposed = 0;
        for (int step = 0; step < settings.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            if (g is null || e is null) (e, g) = EnergyAndGradient(energy, x);
            double sigma = settings.NoiseAt(step);
            var drift = Drift(g, x, settings);
            // coefficients as 0-dim tensors: a learned temperature makes them vary without bound (see ScalarCache)
            var y = settings.Bound.Apply((x - Constant(settings.StepSize / settings.Temperature, x) * drift).Plus(Constant(sigma, x) * torch.randn_like(x)));
            Tensor next, nextE, nextG;
            if (settings.MetropolisHastings)
            {
                var (ey, gy) = EnergyAndGradient(energy, y);
                var accept = Accept(x, y, e, ey, drift, Drift(gy, y, settings), sigma, settings);
                accepted += accept.sum().item<long>();
                proposed += accept.shape[0];
                var mask = accept.reshape(new long[] { -1 }.Concat(Enumerable.Repeat(1L, (int)x.dim() - 1)).ToArray());
                next = torch.where(mask, y, x);
                nextE = torch.where(accept, ey, e);
                nextG = torch.where(mask, gy, g);
            }
            else
            {
                next = y;
                nextE = nextG = null!;
            }
            Replace(ref x, next.detach().MoveToOuterDisposeScope());
            if (settings.MetropolisHastings)
            {
                Replace(ref e!, nextE.MoveToOuterDisposeScope());
                Replace(ref g!, nextG.MoveToOuterDisposeScope());
            }
            else
            {
                e?.Dispose(); g?.Dispose();
                e = g = null;
            }
        }
        e?.Dispose();
        g?.Dispose();
        return new LangevinResult(x, proposed > 0 ? (double)accepted / proposed : null);
    }

    /// <summary>The gradient as the chain uses it: tangent-projected, normalized and clipped as the settings say.</summary>
    internal static Tensor Drift(Tensor gradient, Tensor x, LangevinSettings settings)
    {
        var g = gradient;
        if (settings.TangentProjection) g = g - (g * x).sum(1, keepdim: true) * x;
        if (settings.NormalizeGradient) g = g / g.flatten(1).norm(1, keepdim: true).clamp_min(S(1e-12)).reshape(new long[] { -1 }.Concat(Enumerable.Repeat(1L, (int)g.dim() - 1)).ToArray());
        return GradientClipping.Clip(g, settings.GradientClip, settings.ClipMode, settings.RowWidth);
    }

    /// <summary>E(x) [B] and ∇ₓ ΣE [same shape as x], both detached.</summary>
    public static (Tensor Energy, Tensor Gradient) EnergyAndGradient(Func<Tensor, Tensor> energy, Tensor x)
    {
        using var grad = torch.enable_grad();
        var input = x.detach().requires_grad_(true);
        var e = energy(input);
        var g = torch.autograd.grad(new[] { e.sum() }, new[] { input })[0];
        return (e.detach(), g.detach());
    }

    /// <summary>Per-sample MALA acceptance with the (clipped) Langevin proposal q(y|x) = N(x − a·∇/T, σ²).</summary>
    private static Tensor Accept(Tensor x, Tensor y, Tensor ex, Tensor ey, Tensor gx, Tensor gy, double sigma, LangevinSettings s)
    {
        var a = Constant(s.StepSize / s.Temperature, x);
        var variance2 = Constant(2 * sigma * sigma, x);
        var dims = Enumerable.Range(1, (int)x.dim() - 1).Select(d => (long)d).ToArray();
        var forward = -(y - (x - a * gx)).Squared().sum(dims) / variance2;
        var backward = -(x - (y - a * gy)).Squared().sum(dims) / variance2;
        var logAlpha = (-(ey - ex) / Constant(s.Temperature, x)).Plus(backward) - forward;
        return torch.rand_like(logAlpha).log() < logAlpha;
    }

    /// <summary>A 0-dim tensor of <paramref name="like"/>'s type and device, owned by the current dispose scope.</summary>
    private static Tensor Constant(double value, Tensor like) => torch.tensor(value, dtype: like.dtype, device: like.device);

    private static void Replace(ref Tensor current, Tensor next)
    {
        current.Dispose();
        current = next;
    }
}

/// <summary>The final chain state (detached) and, with Metropolis-Hastings, the acceptance rate.</summary>
internal sealed record LangevinResult(Tensor Sample, double? AcceptanceRate);
