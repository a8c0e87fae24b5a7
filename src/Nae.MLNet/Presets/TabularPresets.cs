namespace Nae.MLNet.Presets;

/// <summary>
/// The tabular presets (docs/detectors.md, "Tabular data"): for rows of a few to a few hundred features scaled to [0, 1]
/// on the training rows (min-max, as ADBench and <c>nae-mlnet train</c> do). Test rows of such data often lie outside the
/// training box, and the two kinds of energy need opposite settings for that (measured on the 48 sets of the tabular suite):
/// <list type="bullet">
/// <item>Reconstruction energies (Autoencoder, NAE, MPDR-R) keep the sigmoid decoder and [0, 1] chains: a sigmoid
/// cannot output a value outside [0, 1], so a row outside the training range keeps at least its distance to the box as
/// reconstruction error — it scores high by construction. MPDR-R with a linear decoder and an unbounded chain: mean
/// AUROC .780; with the sigmoid and [0, 1]: .821 (48 sets, seed 1).</item>
/// <item>The scalar energy (MPDR-S) has no such floor: what it does outside the box is extrapolation, and it is raised
/// only where negatives go. Its manifold decoder is linear, its visible chain unbounded, and its recovery term scaled as
/// the authors' code does (<see cref="RecoveryScaling.BatchSum"/>, ~100× the paper's per-sample weight, so that the
/// chain moves): mean AUROC .426 (below .5 on 30 sets) with the sigmoid preset, .777 (5 sets) with these (48 sets, seed 1);
/// on the synthetic rows of TabularPresetTests pushed outside the range, per-sample .067 / .001 / .980 and batch-sum 1.000
/// for each of seeds 1-3.</item>
/// <item>A network sized from the feature count d: hidden widths h and h/2 with h = 4d rounded up to a power of two
/// within [32, 256] (a few times wider than the input, capped for 2-core speed), latent size d/2 within [2, 16].</item>
/// <item>The small-data budget of the benchmark: up to 100 autoencoder epochs with patience 10, 600 energy updates,
/// MPDR's energy at 1e-3 with a 256-256 scalar network, and the batch-sum recovery for MPDR-R too (with the linear
/// decoder .780 against .785 per-sample, which diverged on one set; 48 sets, seed 1).</item>
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
        var options = SmallDataEnergyPhase(Network(NaePresets.Fast(), featureCount));
        options.NaeIterations = Updates;
        return options;
    }

    public static MpdrOptions Mpdr(MpdrEnergy energy, int featureCount)
    {
        var options = SmallDataEnergyPhase(Network(MpdrPresets.Fast(energy), featureCount));
        options.MpdrIterations = Updates;
        options.MpdrLearningRate = 1e-3;
        options.ScalarHiddenLayerSizes = new[] { 256, 256 };
        options.RecoveryScaling = RecoveryScaling.BatchSum;
        if (energy == MpdrEnergy.Scalar)
        {
            options.DecoderOutput = DecoderOutput.Linear;
            options.VisibleChainMinimum = null;
            options.VisibleChainMaximum = null;
        }
        return options;
    }

    /// <summary>What the NAE and MPDR phases share on small data: six reports over the <see cref="Updates"/>, and no weight
    /// averaging (the Fast presets average the plateau of 3000 updates; the tabular results were measured without it).</summary>
    private static T SmallDataEnergyPhase<T>(T options) where T : IEnergyPhaseOptions
    {
        options.ReportInterval = Updates / 6;
        options.WeightAveragingFraction = 0;
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

    /// <summary>The Fast autoencoder phase (sigmoid decoder, spherical latent, batch 128, Adam 1e-3, encoder L2 1e-4) with the
    /// network sized from the feature count and the small-data budget: up to 100 epochs, patience 10.</summary>
    private static T Network<T>(T options, int featureCount) where T : EnergyDetectorOptions
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        NaePresets.WithFastAutoencoderPhase(options);
        options.HiddenLayerSizes = HiddenLayerSizes(featureCount);
        options.LatentDimension = LatentDimension(featureCount);
        options.Epochs = 100;
        options.EarlyStoppingPatience = 10;
        return options;
    }
}
