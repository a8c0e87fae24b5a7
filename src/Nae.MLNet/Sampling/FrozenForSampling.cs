using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>
/// Freezes a module while MCMC runs on it: parameters stop requiring gradients (so chains differentiate only with
/// respect to their state) and the module is in eval mode; disposing restores both.
/// </summary>
internal readonly struct FrozenForSampling : IDisposable
{
    private readonly nn.Module _module;
    private readonly bool _wasTraining;

    public FrozenForSampling(nn.Module module)
    {
        _module = module;
        _wasTraining = module.training;
        foreach (var p in module.parameters()) p.requires_grad_(false);
        module.eval();
    }

    public void Dispose()
    {
        foreach (var p in _module.parameters()) p.requires_grad_(true);
        _module.train(_wasTraining);
    }
}
