using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>
/// The NAE authors' convolutional networks (reference-algorithms.md §0.3), nh = 8, nh_mlp = 1024:
/// ConvNet2FC encoder (≈2.26 M parameters for MNIST) and DeConvNet2 decoder (≈0.195 M).
/// Convolutions have bias, stride 1 and no padding; upsampling is bilinear with align_corners = true.
/// </summary>
internal static class ConvolutionalLayers
{
    private const int Nh = 8, NhMlp = 1024;

    /// <summary>[B, C, H, W] → [B, latent, 1, 1].</summary>
    public static Module<Tensor, Tensor> Encoder(ImageShape shape, int latent)
    {
        int kh = ConvolutionalGeometry.FinalSide(shape.Height, nameof(shape.Height));
        int kw = ConvolutionalGeometry.FinalSide(shape.Width, nameof(shape.Width));
        return Sequential(
            ("conv1", Conv2d(shape.Channels, Nh * 4, 3)), ("relu1", ReLU()),
            ("conv2", Conv2d(Nh * 4, Nh * 8, 3)), ("relu2", ReLU()),
            ("pool1", MaxPool2d(2, 2)),
            ("conv3", Conv2d(Nh * 8, Nh * 8, 3)), ("relu3", ReLU()),
            ("conv4", Conv2d(Nh * 8, Nh * 16, 3)), ("relu4", ReLU()),
            ("pool2", MaxPool2d(2, 2)),
            ("conv5", Conv2d(Nh * 16, NhMlp, (kh, kw))), ("relu5", ReLU()),
            ("conv6", Conv2d(NhMlp, latent, 1)));
    }

    /// <summary>[B, latent, 1, 1] → [B, C, H, W].</summary>
    public static Module<Tensor, Tensor> Decoder(int latent, ImageShape shape, DecoderOutput output)
    {
        int kh = ConvolutionalGeometry.FinalSide(shape.Height, nameof(shape.Height));
        int kw = ConvolutionalGeometry.FinalSide(shape.Width, nameof(shape.Width));
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("convt1", ConvTranspose2d(latent, Nh * 16, (kh, kw))), ("relu1", ReLU()),
            ("up1", Upsample(scale_factor: new[] { 2.0, 2.0 }, mode: UpsampleMode.Bilinear, align_corners: true)),
            ("convt2", ConvTranspose2d(Nh * 16, Nh * 8, 3)), ("relu2", ReLU()),
            ("convt3", ConvTranspose2d(Nh * 8, Nh * 8, 3)), ("relu3", ReLU()),
            ("up2", Upsample(scale_factor: new[] { 2.0, 2.0 }, mode: UpsampleMode.Bilinear, align_corners: true)),
            ("convt4", ConvTranspose2d(Nh * 8, Nh * 4, 3)), ("relu4", ReLU()),
            ("convt5", ConvTranspose2d(Nh * 4, shape.Channels, 3)),
        };
        if (output == DecoderOutput.Sigmoid) layers.Add(("out", Sigmoid()));
        return Sequential(layers);
    }
}
