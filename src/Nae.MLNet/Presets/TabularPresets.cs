namespace Nae.MLNet.Presets;

/// <summary>
/// The tabular presets (docs/detectors.md, "Tabular data"): for rows of a few to a few hundred features scaled to [0, 1]
/// on the training rows (min-max, as ADBench and <c>nae-mlnet train</c> do). What changes from the MNIST presets, and why:
/// <list type="bullet">
/// <item>A linear decoder and unbounded chains: test rows of tabular data fall outside the training box, and a sigmoid
/// decoder with [0, 1] chains puts every negative inside it, so nothing teaches the energy to rise outside (MPDR-S
/// ranked such rows as normal: mean AUROC .426 on 48 sets).</item>
/// <item>A network sized from the feature count d: hidden widths h and h/2 with h = 4d rounded up to a power of two
/// within [32, 256] (a few times wider than the input, capped for 2-core speed), latent size d/2 within [2, 16].</item>
/// <item>The small-data budget of the benchmark: up to 100 autoencoder epochs with patience 10, 600 energy updates,
/// MPDR's energy at 1e-3 with a 256-256 scalar network.</item>
/// <item>MPDR's recovery term scaled as the authors' code does (<see cref="RecoveryScaling.BatchSum"/>): with the paper's
/// per-sample weight, about 100× weaker, the visible chain barely leaves the decoder manifold; on rows pushed outside
/// the training range MPDR-S then scored AUROC .07 (inverted), with the batch sum 1.00 (TabularPresetTests).</item>
/// </list>
/// The chains keep the MNIST step sizes and noise, which are in the units of [0, 1]-scaled features.
/// </summary>
internal static class TabularPresets
{
    /// <summary>Energy updates of the NAE and MPDR phases.</summary>
    public const int Updates = 600;

    public static AutoencoderOptions Autoencoder(int featureCount) => Network(new AutoencoderOptions(), featureCount);

    public static NormalizedAutoencoderOptions Nae(int featureCount)
    {
        var options = Network(NaePresets.Fast(), featureCount);
        options.NaeIterations = Updates;
        options.ReportInterval = Updates / 6;
        options.InputChainMinimum = null;
        options.InputChainMaximum = null;
        return options;
    }

    public static MpdrOptions Mpdr(MpdrEnergy energy, int featureCount)
    {
        var options = Network(MpdrPresets.Fast(energy), featureCount);
        options.MpdrIterations = Updates;
        options.MpdrLearningRate = 1e-3;
        options.ScalarHiddenLayerSizes = new[] { 256, 256 };
        options.ReportInterval = Updates / 6;
        options.RecoveryScaling = RecoveryScaling.BatchSum;
        options.VisibleChainMinimum = null;
        options.VisibleChainMaximum = null;
        return options;
    }

    /// <summary>The hidden widths for <paramref name="featureCount"/> features: h, h/2 with h = 4d rounded up to a power
    /// of two within [32, 256].</summary>
    public static int[] HiddenLayerSizes(int featureCount)
    {
        int width = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, 4 * featureCount)), 32, 256);
        return new[] { width, width / 2 };
    }

    /// <summary>The latent size for <paramref name="featureCount"/> features: d/2 within [2, 16].</summary>
    public static int LatentDimension(int featureCount) => Math.Clamp(featureCount / 2, 2, 16);

    private static T Network<T>(T options, int featureCount) where T : EnergyDetectorOptions
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        options.ImageShape = null;
        options.HiddenLayerSizes = HiddenLayerSizes(featureCount);
        options.LatentDimension = LatentDimension(featureCount);
        options.DecoderOutput = DecoderOutput.Linear;
        options.SphericalLatent = true;
        options.BatchSize = 128;
        options.Epochs = 100;
        options.EarlyStoppingPatience = 10;
        options.LearningRate = 1e-3;
        options.EncoderL2Penalty = 1e-4;
        options.DecoderL2Penalty = 0;
        return options;
    }
}
