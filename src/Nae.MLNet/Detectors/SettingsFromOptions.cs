using Nae.MLNet.Networks;
using Nae.MLNet.Training;

namespace Nae.MLNet;

/// <summary>
/// The boundary between the public options and the torch-side code: the settings every detector shares (its network
/// and its autoencoder phase) made from the options. The torch folders never see an options class; each detector's
/// trainer makes the settings of its own energy phase beside its Train hook.
/// </summary>
internal static class SettingsFromOptions
{
    /// <summary>The autoencoder (NAE's energy, MPDR's manifold) that <paramref name="options"/> describe, for
    /// <paramref name="featureCount"/> features.</summary>
    public static NetworkSpec Network(EnergyDetectorOptions options, int featureCount) => new(
        featureCount,
        options.LatentDimension,
        options.ImageShape is null ? (int[])options.HiddenLayerSizes.Clone() : Array.Empty<int>(),
        options.ImageShape,
        options.SphericalLatent,
        options.ResolveDecoderOutput());

    /// <summary>The autoencoder phase: epochs, batch, learning rate, weight penalties, early stopping.</summary>
    public static AutoencoderPhaseSettings AutoencoderPhase(EnergyDetectorOptions options) => new(
        options.Epochs, options.BatchSize, options.LearningRate, Penalties(options), options.EarlyStoppingPatience);

    /// <summary>The L2 penalties on the autoencoder's encoder and decoder weights.</summary>
    public static WeightPenalties Penalties(EnergyDetectorOptions options) => new(options.EncoderL2Penalty, options.DecoderL2Penalty);

    /// <summary>The energy phase's loop (NAE and MPDR): updates or epochs, learning rate, and from the options the batch,
    /// reports, divergence handling, learning-rate decay and weight averaging.</summary>
    public static EnergyLoopSettings EnergyLoop<TOptions>(TrainingPhase phase, DetectorInfo detector, int? iterations, int epochs,
        double learningRate, TOptions options) where TOptions : EnergyDetectorOptions, IEnergyPhaseOptions =>
        new(phase, detector.DisplayName, iterations, epochs, options.BatchSize, options.ReportInterval, learningRate,
            options.DivergenceRecovery, options.MaxDivergenceRecoveries, options.WeightAveragingFraction,
            options.LearningRateDecayFraction, options.FinalLearningRateFactor);
}
