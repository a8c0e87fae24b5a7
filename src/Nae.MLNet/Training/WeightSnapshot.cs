using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>A copy of a module's parameters and buffers, to restore the last good weights after a divergence.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _state;

    private WeightSnapshot(Dictionary<string, Tensor> state) => _state = state;

    public static WeightSnapshot Take(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope(); // frees the detach() intermediates; the copies leave the scope
        return new WeightSnapshot(module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope()));
    }

    public void RestoreInto(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var (name, value) in module.state_dict())
            value.copy_(_state[name]);
    }

    public void Dispose()
    {
        foreach (var tensor in _state.Values) tensor.Dispose();
    }
}
