using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>
/// A linear or 2-D convolution layer whose weight is divided by its largest singular value, estimated by power
/// iteration (PyTorch's <c>parametrizations.spectral_norm</c>, which TorchSharp lacks): W is viewed as (out, −1);
/// buffers u and v hold the singular vectors; 15 iterations at creation, then one per forward pass in training mode
/// only (in eval mode, e.g. inside the samplers, u and v stay frozen); σ = uᵀWv and the layer uses W / σ.
/// u and v are buffers, so they are saved with the model.
/// </summary>
internal sealed class SpectralNormLayer : Module<Tensor, Tensor>
{
    private const int InitialIterations = 15;
    private const double Epsilon = 1e-12;

    // Field names are state-dict keys.
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor u;
    private readonly Tensor v;
#pragma warning restore IDE1006

    private SpectralNormLayer(string name, Parameter initialWeight, Parameter initialBias) : base(name)
    {
        weight = initialWeight;
        bias = initialBias;
        long rows = weight.shape[0], columns = weight.numel() / rows;
        u = functional.normalize(torch.randn(rows), dim: 0, eps: Epsilon);
        v = functional.normalize(torch.randn(columns), dim: 0, eps: Epsilon);
        register_buffer(nameof(u), u);
        register_buffer(nameof(v), v);
        RegisterComponents();
        PowerIteration(InitialIterations);
    }

    /// <summary>A spectrally normalized Linear(in, out), initialized like <c>nn.Linear</c>.</summary>
    public static SpectralNormLayer Linear(long inputs, long outputs)
    {
        using var template = nn.Linear(inputs, outputs);
        return new SpectralNormLayer("SpectralLinear", new Parameter(template.weight!.detach().clone()), new Parameter(template.bias!.detach().clone()));
    }

    /// <summary>A spectrally normalized Conv2d(in, out, kernel), stride 1, no padding, initialized like <c>nn.Conv2d</c>.</summary>
    public static SpectralNormLayer Conv2d(long inputs, long outputs, (long, long) kernel)
    {
        using var template = nn.Conv2d(inputs, outputs, kernel);
        return new SpectralNormLayer("SpectralConv2d", new Parameter(template.weight!.detach().clone()), new Parameter(template.bias!.detach().clone()));
    }

    /// <summary>The current estimate σ = uᵀ W v of the largest singular value (differentiable in W; u and v are
    /// cloned, as PyTorch does, because later power iterations update them in place).</summary>
    public Tensor Sigma()
    {
        var matrix = weight.reshape(weight.shape[0], -1);
        return torch.dot(u.clone(), torch.mv(matrix, v.clone()));
    }

    public override Tensor forward(Tensor x)
    {
        if (training) PowerIteration(1);
        var normalized = weight / Sigma();
        return weight.dim() == 2
            ? functional.linear(x, normalized, bias)
            : functional.conv2d(x, normalized, bias);
    }

    /// <summary>Re-estimates u and v for the current weight as at creation (after the weight was replaced, e.g. by an average).</summary>
    public void Reestimate() => PowerIteration(InitialIterations);

    private void PowerIteration(int iterations)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var matrix = weight.reshape(weight.shape[0], -1);
        for (int i = 0; i < iterations; i++)
        {
            u.copy_(functional.normalize(torch.mv(matrix, v), dim: 0, eps: Epsilon));
            v.copy_(functional.normalize(torch.mv(matrix.t(), u), dim: 0, eps: Epsilon));
        }
    }
}
