namespace Nae.MLNet.Networks;

/// <summary>
/// Everything needed to rebuild an autoencoder network before loading its weights. It is saved beside the weights,
/// so loading never guesses the architecture.
/// </summary>
internal sealed record NetworkSpec(
    int InputDimension,
    int LatentDimension,
    int[] HiddenLayerSizes,
    ImageShape? ImageShape,
    bool SphericalLatent,
    DecoderOutput DecoderOutput,
    EnergyKind Kind = EnergyKind.Reconstruction)
{
    /// <summary>Upper bounds checked when reading a spec from a model file, before anything is allocated.</summary>
    private const int MaxDimension = 1 << 26, MaxLayers = 64;

    /// <summary>The number of trainable parameters the network of this spec has (its buffers not counted), computed
    /// from the dimensions alone, so that a model file can be checked before anything is allocated. Saturates at
    /// <see cref="long.MaxValue"/>.</summary>
    public long ParameterCount()
    {
        double count = ImageShape is { } shape ? ConvolutionalCount(shape) : MlpCount();
        if (Kind == EnergyKind.ScaledReconstruction) count += 1; // out_scale
        return count >= long.MaxValue ? long.MaxValue : (long)count;
    }

    private double MlpCount()
    {
        static double Linear(double inputs, double outputs) => inputs * outputs + outputs;
        static double Stack(IReadOnlyList<double> widths) => Enumerable.Range(0, widths.Count - 1).Sum(i => Linear(widths[i], widths[i + 1]));
        var hidden = HiddenLayerSizes.Select(h => (double)h).ToList();
        if (Kind == EnergyKind.Scalar) // hidden layers, the last Linear(width, 1) and the out_scale Linear(1, 1)
            return Stack(hidden.Prepend(InputDimension).Append(1).ToList()) + Linear(1, 1);
        return Stack(hidden.Prepend(InputDimension).Append(LatentDimension).ToList())
            + Stack(Enumerable.Reverse(hidden).Prepend(LatentDimension).Append(InputDimension).ToList());
    }

    /// <summary>ConvNet2FC / DeConvNet2 (see ConvolutionalLayers): nh = 8, nh_mlp = 1024, 3×3 kernels, a k×k kernel at the bottleneck.</summary>
    private double ConvolutionalCount(ImageShape shape)
    {
        static double Conv(double inputs, double outputs, double kernel) => inputs * outputs * kernel + outputs;
        double c = shape.Channels, bottleneck = (double)ConvolutionalGeometry.FinalSide(shape.Height, nameof(shape.Height)) * ConvolutionalGeometry.FinalSide(shape.Width, nameof(shape.Width));
        double trunk = Conv(c, 32, 9) + Conv(32, 64, 9) + Conv(64, 64, 9) + Conv(64, 128, 9) + Conv(128, 1024, bottleneck);
        if (Kind == EnergyKind.Scalar) return trunk + Conv(1024, 1, 1) + Conv(1, 1, 1);
        double z = LatentDimension;
        double decoder = Conv(z, 128, bottleneck) + Conv(128, 64, 9) + Conv(64, 64, 9) + Conv(64, 32, 9) + Conv(32, c, 9);
        return trunk + Conv(1024, z, 1) + decoder;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputDimension);
        writer.Write(LatentDimension);
        writer.Write(HiddenLayerSizes.Length);
        foreach (int size in HiddenLayerSizes) writer.Write(size);
        writer.Write(ImageShape is not null);
        if (ImageShape is not null)
        {
            writer.Write(ImageShape.Channels);
            writer.Write(ImageShape.Height);
            writer.Write(ImageShape.Width);
        }
        writer.Write(SphericalLatent);
        writer.Write((int)DecoderOutput);
        writer.Write((int)Kind);
    }

    public static NetworkSpec Read(BinaryReader reader, Func<string, Exception> invalid)
    {
        int Dimension(string field)
        {
            int value = reader.ReadInt32();
            if (value < 1 || value > MaxDimension) throw invalid(field);
            return value;
        }

        int input = Dimension("input dimension");
        int latent = Dimension("latent dimension");
        int layers = reader.ReadInt32();
        if (layers < 0 || layers > MaxLayers) throw invalid("hidden layer count");
        var hidden = new int[layers];
        for (int i = 0; i < layers; i++) hidden[i] = Dimension("hidden layer size");
        ImageShape? shape = reader.ReadBoolean()
            ? new ImageShape(Dimension("image channels"), Dimension("image height"), Dimension("image width"))
            : null;
        if (shape is not null && ((long)shape.Channels * shape.Height * shape.Width != input || !ConvolutionalGeometry.IsValid(shape))) throw invalid("image shape");
        bool spherical = reader.ReadBoolean();
        int output = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(DecoderOutput), output)) throw invalid("decoder output");
        int kind = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(EnergyKind), kind)) throw invalid("energy kind");
        return new NetworkSpec(input, latent, hidden, shape, spherical, (DecoderOutput)output, (EnergyKind)kind);
    }
}
