namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>Sizes of the speed suite: the full run measures the CPU presets on MNIST-shaped rows; quick is a smoke test.</summary>
public sealed record SpeedSettings(int Rows, int Features, int AutoencoderEpochs, int Updates, int ScoringRows, int EngineRows)
{
    /// <summary>MNIST-shaped: 10,000 training rows of 784 features, the presets' networks and chains.</summary>
    public static SpeedSettings Full => new(10_000, 784, 2, 40, 20_000, 2_000);

    /// <summary>Tiny sizes for CI.</summary>
    public static SpeedSettings Quick => new(300, 64, 1, 3, 500, 50);
}
