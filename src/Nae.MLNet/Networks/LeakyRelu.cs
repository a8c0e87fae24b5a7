using TorchSharp;
using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Networks;

/// <summary>LeakyReLU with its slope held as a long-lived scalar: TorchSharp's own module converts the slope to a
/// new, untracked scalar on every call (see <see cref="Torch.ScalarCache"/>).</summary>
internal sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public LeakyRelu(double slope) : base(nameof(LeakyRelu)) => _slope = S(slope);

    public override Tensor forward(Tensor x) => x.leaky_relu(_slope);
}
