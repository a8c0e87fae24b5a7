using System.Globalization;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>One shape of NAE update to time: input width, network, batch and chain lengths.</summary>
public sealed record NaeUpdateConfig(int Features, int[] Hidden, int Latent, int Batch, int LatentSteps, int InputSteps)
{
    /// <summary>The CPU preset on MNIST-shaped rows: D 784, MLP 512-256-32, batch 128, chains 10 + 20.</summary>
    public static NaeUpdateConfig Preset => new(784, new[] { 512, 256 }, 32, 128, 10, 20);

    /// <summary>The preset, then one factor varied at a time: batch size, input dimension, input chain length.</summary>
    public static IReadOnlyList<NaeUpdateConfig> ScalingGrid => new[]
    {
        Preset,
        Preset with { Batch = 32 }, Preset with { Batch = 512 },
        Preset with { Features = 64 }, Preset with { Features = 256 }, Preset with { Features = 2048 },
        Preset with { InputSteps = 10 }, Preset with { InputSteps = 40 },
    };

    /// <summary>A tiny shape for the quick smoke run.</summary>
    public static IReadOnlyList<NaeUpdateConfig> Quick => new[] { new NaeUpdateConfig(64, new[] { 32 }, 8, 16, 2, 2) };

    /// <summary>A short, unique label, e.g. "D 784, batch 128, chains 10+20".</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"D {Features}, batch {Batch}, chains {LatentSteps}+{InputSteps}");

    /// <summary>A compact label for plots, e.g. "D784 b128 10+20".</summary>
    public string ShortName => string.Create(CultureInfo.InvariantCulture, $"D{Features} b{Batch} {LatentSteps}+{InputSteps}");

    /// <summary>The Python script's arguments for this shape.</summary>
    public IEnumerable<string> ScriptArguments() => new[]
    {
        "--features", Features.ToString(CultureInfo.InvariantCulture), "--hidden", string.Join(",", Hidden),
        "--latent", Latent.ToString(CultureInfo.InvariantCulture), "--batch", Batch.ToString(CultureInfo.InvariantCulture),
        "--latent-steps", LatentSteps.ToString(CultureInfo.InvariantCulture), "--input-steps", InputSteps.ToString(CultureInfo.InvariantCulture),
    };
}
