using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// The running mean of a module's parameters over the updates it is given (stochastic weight averaging, Izmailov et al.
/// 2018; Polyak–Ruppert averaging): θ̄ₙ = θ̄ₙ₋₁ + (θ − θ̄ₙ₋₁) / n. Buffers are not averaged; spectrally normalized layers
/// re-estimate their singular vectors for the averaged weights when the mean is applied.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> _mean = new();

    /// <summary>How many updates the mean holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the module's current parameters to the mean.</summary>
    public void Add(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Count++;
        Tensor? weight = null; // 1/n as one 0-dim tensor per call, not a Scalar: it takes a new value at every update (ScalarCache)
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!_mean.TryGetValue(name, out var mean))
                _mean[name] = parameter.detach().clone().DetachFromDisposeScope();
            else
                mean.lerp_(parameter.detach(), weight ??= torch.tensor(1.0f / Count, dtype: mean.dtype, device: mean.device));
        }
    }

    /// <summary>Forgets every update (after the last good weights were restored, the mean starts again).</summary>
    public void Reset()
    {
        foreach (var tensor in _mean.Values) tensor.Dispose();
        _mean.Clear();
        Count = 0;
    }

    /// <summary>Copies the mean into the module's parameters (nothing when it holds no update).</summary>
    public void ApplyTo(nn.Module module)
    {
        if (Count == 0) return;
        using (var noGrad = torch.no_grad())
        using (var scope = torch.NewDisposeScope())
            foreach (var (name, parameter) in module.named_parameters())
                parameter.copy_(_mean[name]);
        foreach (var layer in module.modules().Prepend(module).OfType<SpectralNormLayer>().Distinct()) layer.Reestimate(); // modules() may leave out the module itself
    }

    public void Dispose() => Reset();
}
