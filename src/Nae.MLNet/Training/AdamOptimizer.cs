using Nae.MLNet.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// Adam (β = 0.9, 0.999; ε = 1e-8; no weight decay), the same arithmetic in the same order as TorchSharp's
/// <c>torch.optim.Adam</c>, but with every scalar kept alive for as long as native code reads it. TorchSharp 0.107's Adam
/// turns its doubles into temporary scalars whose finalizer can free them during the native call (the managed object
/// is already unreachable; dotnet/TorchSharp#1434): a long benchmark run failed in <c>mul_</c> with
/// "Expected false to be true ... toDouble". Constants come from <see cref="ScalarCache"/>; the two per-step values
/// are disposed explicitly after use.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly List<ParameterState> _state;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        LearningRate = learningRate;
        _state = parameters.Select(p => new ParameterState(p, torch.zeros_like(p).DetachFromDisposeScope(), torch.zeros_like(p).DetachFromDisposeScope())).ToList();
    }

    /// <summary>The step size α before <see cref="RateFactor"/>.</summary>
    public double LearningRate { get; }

    /// <summary>A factor on <see cref="LearningRate"/> set by a schedule (<see cref="LearningRateSchedule"/>); 1 by default.</summary>
    public double RateFactor { get; set; } = 1;

    /// <summary>Clears the gradients of every parameter.</summary>
    public void zero_grad()
    {
        foreach (var state in _state) state.Parameter.grad?.zero_();
    }

    /// <summary>One Adam update of every parameter that has a gradient (each counts its own steps, as torch's Adam does).</summary>
    public void step()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var state in _state)
        {
            var grad = state.Parameter.grad;
            if (grad is null) continue;
            state.Step++;
            double biasCorrection1 = 1 - Math.Pow(Beta1, state.Step), biasCorrection2 = 1 - Math.Pow(Beta2, state.Step);
            using var varianceScale = Math.Sqrt(biasCorrection2).ToScalar();
            using var stepSize = (-(LearningRate * RateFactor / biasCorrection1)).ToScalar();
            state.Mean.mul_(ScalarCache.S(Beta1)).add_(grad, alpha: ScalarCache.S(1 - Beta1));
            state.Variance.mul_(ScalarCache.S(Beta2)).addcmul_(grad, grad.conj(), value: ScalarCache.S(1 - Beta2));
            var denominator = (state.Variance.sqrt() / varianceScale).PlusInPlace(ScalarCache.S(Epsilon));
            state.Parameter.addcdiv_(state.Mean, denominator, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var state in _state)
        {
            state.Mean.Dispose();
            state.Variance.Dispose();
        }
    }

    /// <summary>A parameter's running moments and step count.</summary>
    private sealed class ParameterState(Parameter parameter, Tensor mean, Tensor variance)
    {
        public Parameter Parameter { get; } = parameter;
        public Tensor Mean { get; } = mean;
        public Tensor Variance { get; } = variance;
        public long Step { get; set; }
    }
}
