using System.Globalization;
using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>
/// Options of Manifold Projection-Diffusion Recovery (<see cref="MpdrTrainer"/>; Yoon, Jin, Noh &amp; Park, NeurIPS 2023).
/// Training has two phases: the manifold autoencoder(s), trained with the shared options (<see cref="EnergyDetectorOptions.Epochs"/>,
/// <see cref="EnergyDetectorOptions.LearningRate"/>, ...) and then frozen; then recovery-likelihood training of the
/// energy (<see cref="Energy"/>) configured here. Defaults follow the authors' MNIST configurations
/// (<c>configs_mpdr/mnist_ho_mpdr/z32_r.yml</c>, <c>z32_s.yml</c>); values marked "by energy" differ between MPDR-R and MPDR-S.
/// See docs/mpdr.md.
/// </summary>
public sealed class MpdrOptions : EnergyDetectorOptions, IEnergyPhaseOptions
{
    /// <summary>Creates options with the authors' defaults: spherical manifold latent, encoder L2 penalty 1e-4.</summary>
    public MpdrOptions()
    {
        SphericalLatent = true;
        EncoderL2Penalty = 1e-4;
    }

    /// <summary>The authors' MNIST configuration for <paramref name="energy"/> (convolutional networks, 30 + 60 epochs): meant for a GPU.</summary>
    public static MpdrOptions Paper(MpdrEnergy energy) => Presets.MpdrPresets.Paper(energy);

    /// <summary>A CPU preset: the same algorithm with MLP networks and a fixed number of updates, so that an MNIST-size
    /// run trains in under 10 minutes on 2 cores; its manifold phase equals <see cref="AutoencoderOptions.Fast"/>.</summary>
    public static MpdrOptions Fast(MpdrEnergy energy) => Presets.MpdrPresets.Fast(energy);

    /// <summary>The tabular preset for rows of <paramref name="featureCount"/> features scaled to [0, 1] on the training rows
    /// (<c>NormalizeMinMax</c>): an MLP sized from the feature count, 600 MPDR updates at 1e-3, the authors' code's recovery
    /// scaling; MPDR-R keeps the sigmoid decoder and [0, 1] chain (a row outside the training range keeps its distance to
    /// the box as error), MPDR-S gets a linear decoder and an unbounded visible chain (its scalar energy is only raised where
    /// negatives go). See docs/detectors.md, "Tabular data".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is less than 1.</exception>
    public static MpdrOptions Tabular(MpdrEnergy energy, int featureCount) => Presets.TabularPresets.Mpdr(energy, featureCount);

    /// <summary>The energy network trained: MPDR-R (reconstruction) or MPDR-S (scalar).</summary>
    /// <value>Default: Reconstruction.</value>
    public MpdrEnergy Energy { get; set; } = MpdrEnergy.Reconstruction;

    /// <summary>Latent sizes of an ensemble of manifold autoencoders; each perturbs an equal share of every batch.</summary>
    /// <value>Default: null, one manifold autoencoder of <see cref="EnergyDetectorOptions.LatentDimension"/>. Latent ensemble config: { 128, 256, 1024 }.</value>
    public int[]? ManifoldLatentDimensions { get; set; }

    /// <summary>Passes over the training rows in the MPDR phase.</summary>
    /// <value>Default: 60. Paper: 60 (<c>nae_epoch</c>). Range: ≥ 1. Ignored when <see cref="MpdrIterations"/> is set.</value>
    public int MpdrEpochs { get; set; } = 60;

    /// <summary>Total number of MPDR updates; when set, it replaces <see cref="MpdrEpochs"/>.</summary>
    /// <value>Default: null. Range: ≥ 1.</value>
    public int? MpdrIterations { get; set; }

    /// <summary>Adam learning rate of the energy network.</summary>
    /// <value>Default: null, by energy: 1e-5 for MPDR-R, 1e-4 for MPDR-S (the paper's <c>nae_lr</c>). Range: &gt; 0.</value>
    public double? MpdrLearningRate { get; set; }

    /// <summary>MPDR-R: Adam learning rate of the energy's learned scale out_scale; 0 freezes it at 1.</summary>
    /// <value>Default: null, the same as <see cref="MpdrLearningRate"/> (the reference trains it in the energy's Adam group at
    /// <c>nae_lr</c> = 1e-5). Range: ≥ 0. After a divergence recovery it is lowered in the same proportion as the energy's rate.</value>
    public double? OutScaleLearningRate { get; set; }

    /// <summary>T of the energy in the recovery likelihood (<c>temperature</c>).</summary>
    /// <value>Default: 1. Paper: 1. Range: &gt; 0.</value>
    public double Temperature { get; set; } = 1.0;

    /// <summary>T of the latent chain (<c>temperature_omi</c>).</summary>
    /// <value>Default: 1. Paper: 1. Range: &gt; 0.</value>
    public double LatentChainTemperature { get; set; } = 1.0;

    /// <summary>Lower end of the per-sample perturbation scale σ ~ U(min, max) (<c>proj_noise_end</c>).</summary>
    /// <value>Default: 0.05. Paper: 0.05. Range: ≥ 0.</value>
    public double PerturbationNoiseMin { get; set; } = 0.05;

    /// <summary>Upper end of the per-sample perturbation scale (<c>proj_noise_start</c>).</summary>
    /// <value>Default: 0.3. Paper: 0.3. Range: ≥ PerturbationNoiseMin, &gt; 0.</value>
    public double PerturbationNoiseMax { get; set; } = 0.3;

    /// <summary>Weight of the recovery term R(x) in both chains (<c>proj_const</c>; the released code ignores <c>proj_const_omi</c>).</summary>
    /// <value>Default: 1e-4. Paper: 1e-4. Range: ≥ 0.</value>
    public double RecoveryWeight { get; set; } = 1e-4;

    /// <summary>How the recovery term is scaled by the batch's σ: the paper's per-sample c·d_i/(2σ_i²), or the authors'
    /// code's batch sum c·d_i·Σ_j 1/(2σ_j²) (see <see cref="Nae.MLNet.RecoveryScaling"/>).</summary>
    /// <value>Default: PerSample (the paper). Reference code with <c>proj_dist: sum</c>: BatchSum.</value>
    public RecoveryScaling RecoveryScaling { get; set; } = RecoveryScaling.PerSample;

    /// <summary>Latent distance of the recovery term (<c>proj_dist</c>).</summary>
    /// <value>Default: Sum (MNIST). Latent configs: Geodesic.</value>
    public RecoveryDistance RecoveryDistance { get; set; } = RecoveryDistance.Sum;

    /// <summary>Steps of the latent chain started at z_obs (<c>mcmc_n_step_omi</c>); 0 starts the visible chain at f_d(z_obs).</summary>
    /// <value>Default: null, by energy: 5 for MPDR-R, 2 for MPDR-S. Range: ≥ 0.</value>
    public int? LatentChainSteps { get; set; }

    /// <summary>Step size of the latent chain (<c>mcmc_stepsize_omi</c>).</summary>
    /// <value>Default: null, by energy: 0.1 for MPDR-R, 0.05 for MPDR-S. Range: ≥ 0.</value>
    public double? LatentChainStepSize { get; set; }

    /// <summary>Noise standard deviation of the latent chain (<c>mcmc_noise_omi</c>).</summary>
    /// <value>Default: 0.02. Paper: 0.02. Range: ≥ 0.</value>
    public double LatentChainNoise { get; set; } = 0.02;

    /// <summary>Whether the latent chain's tangent-projected gradient is normalized to unit L2 norm (<c>mcmc_normalize_omi</c>).</summary>
    /// <value>Default: true. Paper: true.</value>
    public bool LatentChainNormalizeGradient { get; set; } = true;

    /// <summary>Steps of the visible (input-space) chain (<c>mcmc_n_step_x</c>).</summary>
    /// <value>Default: 5. Paper (MNIST): 5. Range: ≥ 0.</value>
    public int VisibleChainSteps { get; set; } = 5;

    /// <summary>Step size of the visible chain (<c>mcmc_stepsize_x</c>, used as given: <c>mcmc_custom_stepsize</c>).</summary>
    /// <value>Default: 10. Paper (MNIST): 10. Range: ≥ 0.</value>
    public double VisibleChainStepSize { get; set; } = 10;

    /// <summary>Noise standard deviation of the visible chain (<c>mcmc_noise_x</c>).</summary>
    /// <value>Default: 0.005. Paper: 0.005. Range: ≥ 0.</value>
    public double VisibleChainNoise { get; set; } = 0.005;

    /// <summary>Lower bound of the visible chain (<c>x_bound</c>).</summary>
    /// <value>Default: null, which means 0 with a sigmoid decoder and unbounded otherwise.</value>
    public double? VisibleChainMinimum { get; set; }

    /// <summary>Upper bound of the visible chain (<c>x_bound</c>).</summary>
    /// <value>Default: null, which means 1 with a sigmoid decoder and unbounded otherwise.</value>
    public double? VisibleChainMaximum { get; set; }

    /// <summary>MPDR-S: γ of the penalty γ · (mean E(x⁺)² + mean E(x⁻)²) (<c>gamma_vx</c>).</summary>
    /// <value>Default: 1. Paper: 1. Range: ≥ 0.</value>
    public double EnergySquarePenalty { get; set; } = 1.0;

    /// <summary>MPDR-R: γ of the penalty γ · mean(recon(x⁻)²), on the reconstruction error without out_scale (<c>gamma_neg_recon</c>).</summary>
    /// <value>Default: 1. Paper: 1. Range: ≥ 0.</value>
    public double NegativeReconstructionPenalty { get; set; } = 1.0;

    /// <summary>MPDR-R: L2 penalty on the energy autoencoder's encoder, Σθ² (<c>custom_netx_reg</c>, <c>l2_norm_reg_enc</c>).</summary>
    /// <value>Default: 1e-4. Paper: 1e-4. Range: ≥ 0.</value>
    public double EnergyEncoderL2Penalty { get; set; } = 1e-4;

    /// <summary>L2 penalty on every parameter of the energy network, Σθ² (<c>l2_norm_reg_netx</c>).</summary>
    /// <value>Default: 0 (null in every config read). Range: ≥ 0.</value>
    public double EnergyL2Penalty { get; set; }

    /// <summary>MPDR-S with an MLP: widths of the scalar network's spectrally normalized hidden layers.</summary>
    /// <value>Default: null, the same as <see cref="EnergyDetectorOptions.HiddenLayerSizes"/>. Latent config: { 1024, 1024, 1024, 1024 }.</value>
    public int[]? ScalarHiddenLayerSizes { get; set; }

    /// <summary>What to do when training diverges; see <see cref="Nae.MLNet.DivergenceRecovery"/>.</summary>
    /// <value>Default: ReduceLearningRate (the released code's reload path is broken; this one restores the last good weights).</value>
    public DivergenceRecovery DivergenceRecovery { get; set; } = DivergenceRecovery.ReduceLearningRate;

    /// <summary>How many times training may restore and continue with a lower learning rate.</summary>
    /// <value>Default: 3. Range: ≥ 0.</value>
    public int MaxDivergenceRecoveries { get; set; } = 3;

    /// <summary>The last fraction of the MPDR phase's updates whose weights are averaged into the model (stochastic weight
    /// averaging): where detection swings from report to report around a plateau, the mean of the last updates' weights no
    /// longer depends on where the run happens to stop. 0 keeps the last update's weights. Not in the authors' code.</summary>
    /// <value>Default: 0. MPDR-R Fast: 0.5 (digit 9, three seeds: worst seed .667 → .804). Range: [0, 1].</value>
    public double WeightAveragingFraction { get; set; }

    /// <summary>The last fraction of the MPDR phase's updates over which the learning rate falls along a half cosine to
    /// <see cref="FinalLearningRateFactor"/> times its value (cosine annealing); 0 keeps the rate constant. Not in the authors' code.</summary>
    /// <value>Default: 0. Range: [0, 1].</value>
    public double LearningRateDecayFraction { get; set; }

    /// <summary>The learning rate at the last MPDR update, as a fraction of the phase's rate, when
    /// <see cref="LearningRateDecayFraction"/> is above 0.</summary>
    /// <value>Default: 0.1. Range: [0, 1].</value>
    public double FinalLearningRateFactor { get; set; } = 0.1;

    /// <summary>MPDR updates per progress report and history entry.</summary>
    /// <value>Default: null, one report per pass over the training rows. Range: ≥ 1.</value>
    public int? ReportInterval { get; set; }

    internal bool IsScalar => Energy == MpdrEnergy.Scalar;

    internal double ResolveLearningRate() => MpdrLearningRate ?? (IsScalar ? 1e-4 : 1e-5);

    internal int ResolveLatentChainSteps() => LatentChainSteps ?? (IsScalar ? 2 : 5);

    internal double ResolveLatentChainStepSize() => LatentChainStepSize ?? (IsScalar ? 0.05 : 0.1);

    internal int[] ResolveManifoldLatentDimensions() => ManifoldLatentDimensions ?? new[] { LatentDimension };

    internal override IEnumerable<(string Option, int Size)> LatentDimensions() => ManifoldLatentDimensions is { } dims
        ? dims.Select((size, i) => ($"{nameof(ManifoldLatentDimensions)}[{i}]", size))
        : base.LatentDimensions();

    internal int[] ResolveScalarHiddenLayerSizes() => ScalarHiddenLayerSizes ?? HiddenLayerSizes;

    internal (double? Min, double? Max) ResolveVisibleBounds() => ResolveChainBounds(VisibleChainMinimum, VisibleChainMaximum);

    private protected override string DescribeNull(string name) => name switch
    {
        nameof(MpdrLearningRate) => Invariant($"null ({ResolveLearningRate()})"),
        nameof(OutScaleLearningRate) => Invariant($"null ({ResolveLearningRate()})"),
        nameof(LatentChainSteps) => Invariant($"null ({ResolveLatentChainSteps()})"),
        nameof(LatentChainStepSize) => Invariant($"null ({ResolveLatentChainStepSize()})"),
        nameof(ManifoldLatentDimensions) => $"null ({{ {LatentDimension} }})",
        nameof(ScalarHiddenLayerSizes) => $"null ({{ {string.Join(", ", HiddenLayerSizes)} }})",
        nameof(VisibleChainMinimum) => Invariant($"null ({ResolveVisibleBounds().Min?.ToString(CultureInfo.InvariantCulture) ?? "none"})"),
        nameof(VisibleChainMaximum) => Invariant($"null ({ResolveVisibleBounds().Max?.ToString(CultureInfo.InvariantCulture) ?? "none"})"),
        _ => base.DescribeNull(name),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        OptionChecks.Defined(Energy, nameof(Energy));
        OptionChecks.Defined(RecoveryDistance, nameof(RecoveryDistance));
        OptionChecks.Defined(RecoveryScaling, nameof(RecoveryScaling));
        if (OutScaleLearningRate is double outScaleRate) OptionChecks.NonNegative(outScaleRate, nameof(OutScaleLearningRate));
        if (ManifoldLatentDimensions is { } dims)
        {
            if (dims.Length == 0)
                throw new ArgumentOutOfRangeException(nameof(ManifoldLatentDimensions), ErrorMessages.OptionOutOfRange(nameof(ManifoldLatentDimensions), "empty", "null or at least one size"));
            for (int i = 0; i < dims.Length; i++) OptionChecks.AtLeast(dims[i], 1, $"{nameof(ManifoldLatentDimensions)}[{i}]");
        }
        if (ScalarHiddenLayerSizes is { } widths)
            for (int i = 0; i < widths.Length; i++) OptionChecks.AtLeast(widths[i], 1, $"{nameof(ScalarHiddenLayerSizes)}[{i}]");
        OptionChecks.AtLeast(MpdrEpochs, 1, nameof(MpdrEpochs));
        if (MpdrIterations is int iterations) OptionChecks.AtLeast(iterations, 1, nameof(MpdrIterations));
        if (MpdrLearningRate is double rate) OptionChecks.Positive(rate, nameof(MpdrLearningRate));
        OptionChecks.Positive(Temperature, nameof(Temperature));
        OptionChecks.Positive(LatentChainTemperature, nameof(LatentChainTemperature));
        OptionChecks.NonNegative(PerturbationNoiseMin, nameof(PerturbationNoiseMin));
        OptionChecks.Positive(PerturbationNoiseMax, nameof(PerturbationNoiseMax));
        if (PerturbationNoiseMax < PerturbationNoiseMin)
            throw new ArgumentOutOfRangeException(nameof(PerturbationNoiseMax), PerturbationNoiseMax,
                ErrorMessages.OptionOutOfRange(nameof(PerturbationNoiseMax), PerturbationNoiseMax, Invariant($"at least PerturbationNoiseMin ({PerturbationNoiseMin})")));
        OptionChecks.NonNegative(RecoveryWeight, nameof(RecoveryWeight));
        if (LatentChainSteps is int steps) OptionChecks.AtLeast(steps, 0, nameof(LatentChainSteps));
        if (LatentChainStepSize is double size) OptionChecks.NonNegative(size, nameof(LatentChainStepSize));
        OptionChecks.NonNegative(LatentChainNoise, nameof(LatentChainNoise));
        OptionChecks.AtLeast(VisibleChainSteps, 0, nameof(VisibleChainSteps));
        OptionChecks.NonNegative(VisibleChainStepSize, nameof(VisibleChainStepSize));
        OptionChecks.NonNegative(VisibleChainNoise, nameof(VisibleChainNoise));
        if (VisibleChainMinimum is double min && VisibleChainMaximum is double max && !(min < max))
            throw new ArgumentOutOfRangeException(nameof(VisibleChainMaximum), max,
                ErrorMessages.OptionOutOfRange(nameof(VisibleChainMaximum), max, Invariant($"greater than VisibleChainMinimum ({min})")));
        OptionChecks.NonNegative(EnergySquarePenalty, nameof(EnergySquarePenalty));
        OptionChecks.NonNegative(NegativeReconstructionPenalty, nameof(NegativeReconstructionPenalty));
        OptionChecks.NonNegative(EnergyEncoderL2Penalty, nameof(EnergyEncoderL2Penalty));
        OptionChecks.NonNegative(EnergyL2Penalty, nameof(EnergyL2Penalty));
        OptionChecks.EnergyPhase(this);
    }

    /// <summary>A deep copy of these options (arrays are copied).</summary>
    public override MpdrOptions Clone()
    {
        var copy = (MpdrOptions)base.Clone();
        copy.ManifoldLatentDimensions = (int[]?)ManifoldLatentDimensions?.Clone();
        copy.ScalarHiddenLayerSizes = (int[]?)ScalarHiddenLayerSizes?.Clone();
        return copy;
    }
}
