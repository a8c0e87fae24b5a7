using TorchSharp;
using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Networks;

/// <summary>LeakyReLU(x) = max(x, slope·x) for 0 ≤ slope ≤ 1, with its slope held as a long-lived scalar (see <see cref="Torch.ScalarCache"/>).</summary>
internal sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public LeakyRelu(double slope) : base(nameof(LeakyRelu)) => _slope = S(slope);

    public override Tensor forward(Tensor x) => torch.maximum(x, x * _slope);
}
