using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>
/// Spatial sizes through the authors' ConvNet2FC / DeConvNet2 (3×3 convolutions without padding, two 2×2 max-pools,
/// two ×2 upsamplings). An input side H maps to a final side k with H = 4k + 12 (28 → 4 for MNIST); the last encoder
/// convolution and the first decoder transposed convolution use a k×k kernel.
/// </summary>
internal static class ConvolutionalGeometry
{
    public static void Validate(ImageShape shape)
    {
        if (shape.Channels < 1)
            throw new ArgumentOutOfRangeException(nameof(EnergyDetectorOptions.ImageShape),
                ErrorMessages.OptionOutOfRange("ImageShape.Channels", shape.Channels, "at least 1"));
        FinalSide(shape.Height, nameof(shape.Height));
        FinalSide(shape.Width, nameof(shape.Width));
    }

    /// <summary>Whether the convolutional networks accept <paramref name="shape"/>.</summary>
    public static bool IsValid(ImageShape shape) => shape.Channels >= 1 && IsValidSide(shape.Height) && IsValidSide(shape.Width);

    private static bool IsValidSide(int side) => side >= 16 && (side - 12) % 4 == 0;

    /// <summary>The side k of the encoder's last feature map, for an input side of 4k + 12.</summary>
    public static int FinalSide(int side, string dimension)
    {
        if (!IsValidSide(side))
            throw new ArgumentOutOfRangeException(nameof(EnergyDetectorOptions.ImageShape), ErrorMessages.ConvolutionalSize(dimension, side));
        return (side - 12) / 4;
    }
}
