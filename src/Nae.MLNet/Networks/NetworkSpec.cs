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
        if (shape is not null && shape.FeatureCount != input) throw invalid("image shape");
        bool spherical = reader.ReadBoolean();
        int output = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(DecoderOutput), output)) throw invalid("decoder output");
        int kind = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(EnergyKind), kind)) throw invalid("energy kind");
        return new NetworkSpec(input, latent, hidden, shape, spherical, (DecoderOutput)output, (EnergyKind)kind);
    }
}
