namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>Sizes of the speed suite: the full run measures the CPU presets on MNIST-shaped rows; quick is a smoke test.</summary>
/// <param name="Rows">Training rows of the public-API measurements.</param>
/// <param name="Features">Their width.</param>
/// <param name="AutoencoderEpochs">Autoencoder epochs before the NAE / MPDR updates.</param>
/// <param name="Updates">NAE / MPDR updates timed through the estimators.</param>
/// <param name="ScoringRows">Rows scored through Transform and the raw forward.</param>
/// <param name="EngineRows">Rows scored one by one through PredictionEngine.</param>
/// <param name="TimedUpdates">NAE updates timed per shape in the TorchSharp / PyTorch comparison (after <paramref name="WarmupUpdates"/>).</param>
/// <param name="WarmupUpdates">Untimed updates first.</param>
/// <param name="Shapes">The NAE update shapes of the comparison and scaling table.</param>
public sealed record SpeedSettings(int Rows, int Features, int AutoencoderEpochs, int Updates, int ScoringRows, int EngineRows,
    int TimedUpdates, int WarmupUpdates, IReadOnlyList<NaeUpdateConfig> Shapes)
{
    /// <summary>MNIST-shaped: 10,000 training rows of 784 features, the presets' networks and chains, the scaling grid.</summary>
    public static SpeedSettings Full => new(10_000, 784, 2, 40, 20_000, 2_000, 15, 3, NaeUpdateConfig.ScalingGrid);

    /// <summary>Tiny sizes for CI.</summary>
    public static SpeedSettings Quick => new(300, 64, 1, 3, 500, 50, 2, 1, NaeUpdateConfig.Quick);
}
