namespace Nae.MLNet.AutoML;

/// <summary>
/// The default search spaces. A property's initial value is the start of a space used on its own; inside an experiment
/// a registry detector starts from its preset for the data instead (<see cref="SweepableDetector.PresetFor"/>: the
/// tabular preset, a network sized from the feature count, below 784 features; the Fast image preset from 784 on), wherever
/// the preset's value lies in the space. The latent size and the PCA rank are capped at the feature count − 1.
/// </summary>
public static class DetectorSearchSpaces
{
    /// <summary>Options every energy-based detector sweeps.</summary>
    public class EnergyDetector
    {
        /// <summary>MLP widths, input side first.</summary>
        [Choice("32,16", "64,32", "128,64", "256,128", "512,256")]
        public string HiddenLayerSizes { get; set; } = "128,64";

        /// <summary>Latent size (capped at d − 1; starts at d/2 within [2, 16]).</summary>
        [Range(2, 64, logBase: true)]
        public int LatentDimension { get; set; } = 16;

        /// <summary>Adam learning rate of the autoencoder phase.</summary>
        [Range(1e-4, 3e-3, logBase: true)]
        public double LearningRate { get; set; } = 1e-3;

        /// <summary>Rows per mini-batch.</summary>
        [Choice(64, 128, 256)]
        public int BatchSize { get; set; } = 128;

        /// <summary>L2 penalty on the encoder.</summary>
        [Choice(0.0, 1e-4)]
        public double EncoderL2Penalty { get; set; } = 1e-4;
    }

    /// <summary>The plain autoencoder's space.</summary>
    public sealed class Autoencoder : EnergyDetector
    {
        /// <summary>Whether the latent code is projected onto the unit sphere.</summary>
        [Choice(true, false)]
        public bool SphericalLatent { get; set; } = true;
    }

    /// <summary>The Normalized Autoencoder's space.</summary>
    public sealed class NormalizedAutoencoder : EnergyDetector
    {
        /// <summary>Adam learning rate of the NAE phase.</summary>
        [Range(1e-5, 1e-3, logBase: true)]
        public double NaeLearningRate { get; set; } = 1e-4;

        /// <summary>Steps of the input-space chain.</summary>
        [Range(5, 50)]
        public int InputChainSteps { get; set; } = 20;

        /// <summary>Drift step of the input-space chain.</summary>
        [Range(1, 20, logBase: true)]
        public double InputChainStepSize { get; set; } = 10;

        /// <summary>Steps of the latent chain.</summary>
        [Choice(5, 10, 20)]
        public int LatentChainSteps { get; set; } = 10;

        /// <summary>γ of the negative-energy penalty.</summary>
        [Range(0.1, 10, logBase: true)]
        public double NegativeEnergyPenalty { get; set; } = 1;
    }

    /// <summary>MPDR-R's space.</summary>
    public class Mpdr : EnergyDetector
    {
        /// <summary>Adam learning rate of the energy.</summary>
        [Range(1e-5, 1e-3, logBase: true)]
        public double MpdrLearningRate { get; set; } = 1e-3;

        /// <summary>Largest perturbation scale.</summary>
        [Range(0.1, 0.5)]
        public double PerturbationNoiseMax { get; set; } = 0.3;

        /// <summary>Steps of the visible chain.</summary>
        [Choice(2, 5, 10)]
        public int VisibleChainSteps { get; set; } = 5;
    }

    /// <summary>MPDR-S's space: MPDR's, and the scalar network's widths.</summary>
    public sealed class MpdrScalar : Mpdr
    {
        /// <summary>Hidden widths of the scalar energy network.</summary>
        [Choice("256,256", "1024,1024")]
        public string ScalarHiddenLayerSizes { get; set; } = "256,256";
    }

    /// <summary>ML.NET's RandomizedPca.</summary>
    public sealed class RandomizedPca
    {
        /// <summary>Number of principal components (capped at d − 1; starts at 10).</summary>
        [Range(1, 20)]
        public int Rank { get; set; } = 10;

        /// <summary>Whether the data is centred first.</summary>
        [Choice(true, false)]
        public bool EnsureZeroMean { get; set; } = true;
    }

    /// <summary>The space of a registry detector.</summary>
    /// <exception cref="NotSupportedException">The detector has no default space (a detector added without one).</exception>
    public static SearchSpace For(DetectorInfo detector) => detector.CreateOptions() switch
    {
        NormalizedAutoencoderOptions => SearchSpace.From<NormalizedAutoencoder>(),
        MpdrOptions { Energy: MpdrEnergy.Scalar } => SearchSpace.From<MpdrScalar>(),
        MpdrOptions => SearchSpace.From<Mpdr>(),
        AutoencoderOptions => SearchSpace.From<Autoencoder>(),
        _ => throw new NotSupportedException($"{detector.DisplayName} has no default search space; pass one to SweepableDetector.For."),
    };
}
