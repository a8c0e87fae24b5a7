using Nae.MLNet.Torch;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>
/// An autoencoder on flat feature rows [B, D] with an optional spherical latent. Its energy is the per-sample mean
/// squared reconstruction error E(x) = mean_d (x_d − x̃_d)², x̃ = Dec(Enc(x)) (reference-algorithms.md §1.1).
/// </summary>
internal sealed class AutoencoderNetwork : Module<Tensor, Tensor>, IEnergyNetwork
{
    // Field names are state-dict keys: renaming them breaks saved models.
#pragma warning disable IDE1006
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;
#pragma warning restore IDE1006

    public AutoencoderNetwork(NetworkSpec spec) : base(nameof(AutoencoderNetwork))
    {
        Spec = spec;
        if (spec.ImageShape is { } shape)
        {
            encoder = ConvolutionalLayers.Encoder(shape, spec.LatentDimension);
            decoder = ConvolutionalLayers.Decoder(spec.LatentDimension, shape, spec.DecoderOutput);
        }
        else
        {
            encoder = MlpLayers.Encoder(spec.InputDimension, spec.HiddenLayerSizes, spec.LatentDimension);
            decoder = MlpLayers.Decoder(spec.LatentDimension, spec.HiddenLayerSizes, spec.InputDimension, spec.DecoderOutput);
        }
        RegisterComponents();
    }

    /// <summary>A new network for <paramref name="spec"/> on <paramref name="device"/>.</summary>
    public static AutoencoderNetwork Create(NetworkSpec spec, Device device)
    {
        var network = new AutoencoderNetwork(spec);
        network.to(device);
        return network;
    }

    public NetworkSpec Spec { get; }

    public Module Module => this;

    public Module<Tensor, Tensor> Encoder => encoder;

    public Module<Tensor, Tensor> Decoder => decoder;

    /// <summary>x [B, D] → z [B, latent], projected onto the unit sphere when the spec asks for it.</summary>
    public Tensor Encode(Tensor x)
    {
        Tensor z = Spec.ImageShape is { } s
            ? encoder.forward(x.reshape(-1, s.Channels, s.Height, s.Width)).flatten(1)
            : encoder.forward(x);
        return Spec.SphericalLatent ? SphereProjection.Project(z) : z;
    }

    /// <summary>z [B, latent] → x̃ [B, D].</summary>
    public Tensor Decode(Tensor z) => Spec.ImageShape is not null
        ? decoder.forward(z.reshape(z.shape[0], -1, 1, 1)).flatten(1)
        : decoder.forward(z);

    /// <summary>The reconstruction x̃ = Dec(Enc(x)), [B, D].</summary>
    public override Tensor forward(Tensor x) => Decode(Encode(x));

    /// <summary>E(x) = per-sample mean squared reconstruction error, [B].</summary>
    public Tensor Energy(Tensor x) => (x - forward(x)).Squared().mean(new long[] { 1 });

    public bool HasContributions => true;

    /// <summary>(x_d − x̃_d)² / D, [B, D]: the terms of <see cref="Energy"/>'s mean.</summary>
    public Tensor? Contributions(Tensor x) => (x - forward(x)).Squared().div(ScalarCache.S((double)x.shape[1]));

    /// <summary>Σ θ² over all encoder parameters (weights and biases), the authors' <c>weight_norm</c>.</summary>
    public Tensor EncoderSquaredNorm() => ParameterNorm.Squared(encoder);

    /// <summary>Σ θ² over all decoder parameters.</summary>
    public Tensor DecoderSquaredNorm() => ParameterNorm.Squared(decoder);
}
