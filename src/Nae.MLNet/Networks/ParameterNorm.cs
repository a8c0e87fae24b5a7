using Nae.MLNet.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Networks;

/// <summary>Weight penalties over a module's parameters.</summary>
internal static class ParameterNorm
{
    /// <summary>Σ θ² over every parameter of <paramref name="module"/> (weights and biases): the authors' <c>weight_norm</c>.</summary>
    public static Tensor Squared(nn.Module module) =>
        torch.stack(module.parameters().Select(p => p.Squared().sum())).sum();
}
