namespace Nae.MLNet;

/// <summary>
/// Shape of an image stored row-major in a flat feature vector (channels, height, width).
/// Setting <see cref="EnergyDetectorOptions.ImageShape"/> selects the convolutional encoder and decoder
/// of the NAE authors (ConvNet2FC / DeConvNet2) instead of the MLP.
/// </summary>
/// <param name="Channels">Number of channels, at least 1 (1 for grayscale MNIST).</param>
/// <param name="Height">Image height in pixels. The convolutional networks need 4·k + 12 for some k ≥ 1 (16, 20, 24, 28, 32, ...).</param>
/// <param name="Width">Image width in pixels, with the same constraint as <paramref name="Height"/>.</param>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>The number of features this shape occupies: Channels × Height × Width.</summary>
    public int FeatureCount => Channels * Height * Width;

    /// <summary>MNIST's shape: one channel of 28 × 28 pixels.</summary>
    public static ImageShape Mnist => new(1, 28, 28);

    /// <summary>Prints the shape as "C×H×W".</summary>
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
