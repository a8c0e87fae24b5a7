using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>
/// The MPDR-S energy: a network with one output, spectral normalization on every hidden layer and a learned output
/// affine (the authors' FCNet with <c>use_spectral_norm</c> and <c>learn_out_scale</c>, or ConvNet2FC(C→1) with spectral
/// norm on conv1-5 when the spec has an image shape). E(x) is the output, [B].
/// </summary>
internal sealed class ScalarEnergyNetwork : Module<Tensor, Tensor>, IEnergyNetwork
{
    private const double LeakySlope = 0.2;

#pragma warning disable IDE1006 // state-dict keys
    private readonly Module<Tensor, Tensor> net;
#pragma warning restore IDE1006

    public ScalarEnergyNetwork(NetworkSpec spec) : base(nameof(ScalarEnergyNetwork))
    {
        Spec = spec;
        net = spec.ImageShape is { } shape ? Convolutional(shape) : Mlp(spec.InputDimension, spec.HiddenLayerSizes);
        RegisterComponents();
    }

    public NetworkSpec Spec { get; }

    public Module Module => this;

    public Tensor Energy(Tensor x) => forward(x);

    public bool HasContributions => false;

    /// <summary>None: a scalar network's output does not split into per-feature terms.</summary>
    public Tensor? Contributions(Tensor x) => null;

    public override Tensor forward(Tensor x)
    {
        var input = Spec.ImageShape is { } s ? x.reshape(-1, s.Channels, s.Height, s.Width) : x;
        return net.forward(input).reshape(-1);
    }

    /// <summary>D → hidden (spectral norm, LeakyReLU 0.2) → 1 → learned affine Linear(1, 1).</summary>
    private static Module<Tensor, Tensor> Mlp(int input, int[] hidden)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long width = input;
        for (int i = 0; i < hidden.Length; i++)
        {
            layers.Add(($"sn{i}", SpectralNormLayer.Linear(width, hidden[i])));
            layers.Add(($"act{i}", new LeakyRelu(LeakySlope)));
            width = hidden[i];
        }
        layers.Add(("last", Linear(width, 1)));
        layers.Add(("out_scale", Linear(1, 1)));
        return Sequential(layers);
    }

    /// <summary>ConvNet2FC(C→1): spectral norm on conv1-5, ReLU, conv6 to one channel, then a learned 1×1 affine.</summary>
    private static Module<Tensor, Tensor> Convolutional(ImageShape shape)
    {
        const int Nh = 8, NhMlp = 1024;
        int kh = ConvolutionalGeometry.FinalSide(shape.Height, nameof(shape.Height));
        int kw = ConvolutionalGeometry.FinalSide(shape.Width, nameof(shape.Width));
        return Sequential(
            ("conv1", SpectralNormLayer.Conv2d(shape.Channels, Nh * 4, (3, 3))), ("relu1", ReLU()),
            ("conv2", SpectralNormLayer.Conv2d(Nh * 4, Nh * 8, (3, 3))), ("relu2", ReLU()),
            ("pool1", MaxPool2d(2, 2)),
            ("conv3", SpectralNormLayer.Conv2d(Nh * 8, Nh * 8, (3, 3))), ("relu3", ReLU()),
            ("conv4", SpectralNormLayer.Conv2d(Nh * 8, Nh * 16, (3, 3))), ("relu4", ReLU()),
            ("pool2", MaxPool2d(2, 2)),
            ("conv5", SpectralNormLayer.Conv2d(Nh * 16, NhMlp, (kh, kw))), ("relu5", ReLU()),
            ("conv6", Conv2d(NhMlp, 1, 1)),
            ("out_scale", Conv2d(1, 1, 1)));
    }
}
