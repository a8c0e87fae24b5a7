using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>
/// Options of the Normalized Autoencoder (<see cref="NormalizedAutoencoderTrainer"/>; Yoon, Noh &amp; Park, ICML 2021).
/// Training has two phases: the autoencoder phase (the shared options: <see cref="EnergyDetectorOptions.Epochs"/>,
/// <see cref="EnergyDetectorOptions.LearningRate"/>, early stopping), then the NAE phase configured here. Defaults
/// follow the authors' MNIST hold-out configuration (<c>configs/mnist_ho_nae/l2_z32.yml</c>); the presets
/// <see cref="Paper"/> and <see cref="Fast"/> set every value at once. See docs/nae.md for how results react to each.
/// </summary>
public sealed class NormalizedAutoencoderOptions : EnergyDetectorOptions, IEnergyPhaseOptions
{
    /// <summary>Creates options with the authors' defaults: spherical latent and encoder L2 penalty 1e-4.</summary>
    public NormalizedAutoencoderOptions()
    {
        SphericalLatent = true;
        EncoderL2Penalty = 1e-4;
    }

    /// <summary>The authors' MNIST hold-out configuration (convolutional networks, 100 + 50 epochs): meant for a GPU
    /// (set <see cref="EnergyDetectorOptions.Device"/> to "cuda"); about 20-100 CPU hours.</summary>
    public static NormalizedAutoencoderOptions Paper() => Presets.NaePresets.Paper();

    /// <summary>A CPU preset that keeps the algorithm but scales networks, chains and updates so that an MNIST-size
    /// run (54k rows × 784 features) trains in under 10 minutes on 2 cores. See docs/nae.md for every value.</summary>
    public static NormalizedAutoencoderOptions Fast() => Presets.NaePresets.Fast();

    /// <summary>The tabular preset for rows of <paramref name="featureCount"/> features scaled to [0, 1] on the training rows
    /// (<c>NormalizeMinMax</c>): the sigmoid decoder and [0, 1] input chain of <see cref="Fast"/> (a row outside the training
    /// range keeps its distance to the box as error), an MLP sized from the feature count, up to 100 autoencoder epochs with
    /// patience 10, 600 NAE updates. See docs/detectors.md, "Tabular data".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is less than 1.</exception>
    public static NormalizedAutoencoderOptions Tabular(int featureCount) => Presets.TabularPresets.Nae(featureCount);

    /// <summary>Passes over the training rows in the NAE phase (one update per mini-batch).</summary>
    /// <value>Default: 50. Paper: 50 (<c>nae_epoch</c>). Range: ≥ 1. Ignored when <see cref="NaeIterations"/> is set.</value>
    public int NaeEpochs { get; set; } = 50;

    /// <summary>Total number of NAE updates; when set, it replaces <see cref="NaeEpochs"/>.</summary>
    /// <value>Default: null (use NaeEpochs). Range: ≥ 1.</value>
    /// <remarks>Each update runs both Langevin chains, so it costs (LatentChainSteps + InputChainSteps) gradient
    /// evaluations: budget NAE training in updates, not epochs.</remarks>
    public int? NaeIterations { get; set; }

    /// <summary>Adam learning rate of the NAE phase (a fresh optimizer over encoder and decoder).</summary>
    /// <value>Default: 1e-5. Paper: 1e-5 (<c>nae_lr</c>). Range: &gt; 0.</value>
    /// <remarks>Higher rates suppress outlier reconstruction faster but risk divergence (the guard then restores the
    /// last good weights).</remarks>
    public double NaeLearningRate { get; set; } = 1e-5;

    /// <summary>The temperature T of p(x) ∝ exp(−E(x)/T); it divides the energy difference in the loss and the drift of both chains.</summary>
    /// <value>Default: 1. Paper: 1, fixed. Range: &gt; 0.</value>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Whether T is learned (as log T, by its own Adam learning rate), as in the authors' 2D experiments.</summary>
    /// <value>Default: false (paper image configs).</value>
    public bool LearnTemperature { get; set; }

    /// <summary>Adam learning rate of log T when <see cref="LearnTemperature"/> is true.</summary>
    /// <value>Default: 1e-3 (the authors' 2D notebook). Range: &gt; 0.</value>
    public double TemperatureLearningRate { get; set; } = 1e-3;

    /// <summary>γ: weight of the penalty γ · mean(E(x⁻)²) on the negative energies only (the authors' <c>gamma</c>).</summary>
    /// <value>Default: 1. Paper: 1. Range: ≥ 0.</value>
    /// <remarks>Keeps negative energies from running away; too large a γ can leave E(x⁺) above E(x⁻) (harmless if close).</remarks>
    public double NegativeEnergyPenalty { get; set; } = 1.0;

    /// <summary>Steps of the latent chain on H(z) = E(Dec(z)) over the unit sphere (<c>z_step</c>).</summary>
    /// <value>Default: 10. Paper: 10. Range: ≥ 0.</value>
    public int LatentChainSteps { get; set; } = 10;

    /// <summary>Drift step size of the latent chain (<c>z_stepsize</c>).</summary>
    /// <value>Default: 0.2. Paper: 0.2. Range: ≥ 0.</value>
    public double LatentChainStepSize { get; set; } = 0.2;

    /// <summary>Noise standard deviation of the latent chain (<c>z_noise_std</c>).</summary>
    /// <value>Default: 0.05. Paper: 0.05. Range: ≥ 0.</value>
    public double LatentChainNoise { get; set; } = 0.05;

    /// <summary>Whether the latent chain's noise decays as σ / max(1, i).</summary>
    /// <value>Default: false. Paper: false.</value>
    public bool LatentChainNoiseAnnealing { get; set; }

    /// <summary>Element-wise gradient clip of the latent chain; null for none (<c>z_clip_langevin_grad</c>).</summary>
    /// <value>Default: null. Paper: null. Range: &gt; 0.</value>
    public double? LatentChainGradientClip { get; set; }

    /// <summary>Capacity of the replay buffer of latent chain end states (<c>buffer_size</c>); 0 disables it.</summary>
    /// <value>Default: 10000. Paper: 10000. Range: ≥ 0.</value>
    public int ReplayBufferSize { get; set; } = 10_000;

    /// <summary>Probability that a latent chain starts from the replay buffer instead of uniformly on the sphere (<c>replay_ratio</c>).</summary>
    /// <value>Default: 0.95. Paper: 0.95. Range: 0 ≤ ratio ≤ 1.</value>
    public double ReplayRatio { get; set; } = 0.95;

    /// <summary>Steps of the input-space chain on E(x), started at Dec(z) (<c>x_step</c>).</summary>
    /// <value>Default: 50. Paper: 50. Fast preset: fewer. Range: ≥ 0.</value>
    /// <remarks>The input chain is about 75 % of the cost of an update: lower it first when training is too slow;
    /// raise it if negative energies collapse onto the data energies.</remarks>
    public int InputChainSteps { get; set; } = 50;

    /// <summary>Drift step size of the input chain (<c>x_stepsize</c>; decoupled from the noise, not σ²/2).</summary>
    /// <value>Default: 10. Paper: 10. Range: ≥ 0.</value>
    public double InputChainStepSize { get; set; } = 10;

    /// <summary>Noise standard deviation of the input chain's first step (<c>x_noise_std</c>).</summary>
    /// <value>Default: 0.05. Paper: 0.05. Range: ≥ 0.</value>
    public double InputChainNoise { get; set; } = 0.05;

    /// <summary>Whether the input chain's noise decays as σ / max(1, i) (<c>x_noise_anneal</c>).</summary>
    /// <value>Default: true. Paper: true.</value>
    public bool InputChainNoiseAnnealing { get; set; } = true;

    /// <summary>Gradient clip of the input chain (<c>x_clip_langevin_grad</c>); null for none.</summary>
    /// <value>Default: 0.01. Paper: 0.01 (element-wise, so each step moves a value by at most StepSize × 0.01). Range: &gt; 0.</value>
    public double? InputChainGradientClip { get; set; } = 0.01;

    /// <summary>How <see cref="InputChainGradientClip"/> is applied.</summary>
    /// <value>Default: ElementWise (hold-out config). The legacy NAE config clips each row's L2 norm (RowNorm).</value>
    public GradientClipMode InputChainClipMode { get; set; } = GradientClipMode.ElementWise;

    /// <summary>Lower bound of the input chain's values (<c>x_bound</c>).</summary>
    /// <value>Default: null, which means 0 when the decoder output is Sigmoid (data in [0, 1]) and unbounded otherwise.</value>
    public double? InputChainMinimum { get; set; }

    /// <summary>Upper bound of the input chain's values (<c>x_bound</c>).</summary>
    /// <value>Default: null, which means 1 when the decoder output is Sigmoid and unbounded otherwise.</value>
    public double? InputChainMaximum { get; set; }

    /// <summary>Whether both chains apply a Metropolis-Hastings correction (MALA).</summary>
    /// <value>Default: false, as in every configuration of the authors.</value>
    public bool MetropolisHastings { get; set; }

    /// <summary>What to do when training diverges (non-finite loss or energies, or a runaway negative energy).</summary>
    /// <value>Default: ReduceLearningRate.</value>
    public DivergenceRecovery DivergenceRecovery { get; set; } = DivergenceRecovery.ReduceLearningRate;

    /// <summary>How many times <see cref="Nae.MLNet.DivergenceRecovery.ReduceLearningRate"/> may restore and continue before giving up.</summary>
    /// <value>Default: 3. Range: ≥ 0.</value>
    public int MaxDivergenceRecoveries { get; set; } = 3;

    /// <summary>The last fraction of the NAE phase's updates whose weights are averaged into the model (stochastic weight
    /// averaging): where detection swings from report to report around a plateau, the mean of the last updates' weights no
    /// longer depends on where the run happens to stop. 0 keeps the last update's weights. Not in the authors' code.</summary>
    /// <value>Default: 0. Fast: 0.5 (its 3000 updates reach a plateau after ~1500; MNIST digit 9, worst of 3 seeds .732 → .806,
    /// docs/nae.md). Tabular: 0. Range: [0, 1].</value>
    public double WeightAveragingFraction { get; set; }

    /// <summary>The last fraction of the NAE phase's updates over which the learning rate falls along a half cosine to
    /// <see cref="FinalLearningRateFactor"/> times its value (cosine annealing); 0 keeps the rate constant. Not in the authors' code.</summary>
    /// <value>Default: 0. Range: [0, 1].</value>
    public double LearningRateDecayFraction { get; set; }

    /// <summary>The learning rate at the last NAE update, as a fraction of the phase's rate, when
    /// <see cref="LearningRateDecayFraction"/> is above 0.</summary>
    /// <value>Default: 0.1. Range: [0, 1].</value>
    public double FinalLearningRateFactor { get; set; } = 0.1;

    /// <summary>NAE updates per progress report and history entry.</summary>
    /// <value>Default: null, one report per pass over the training rows. Range: ≥ 1.</value>
    public int? ReportInterval { get; set; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        OptionChecks.AtLeast(NaeEpochs, 1, nameof(NaeEpochs));
        if (NaeIterations is int iterations) OptionChecks.AtLeast(iterations, 1, nameof(NaeIterations));
        OptionChecks.Positive(NaeLearningRate, nameof(NaeLearningRate));
        OptionChecks.Positive(Temperature, nameof(Temperature));
        OptionChecks.Positive(TemperatureLearningRate, nameof(TemperatureLearningRate));
        OptionChecks.NonNegative(NegativeEnergyPenalty, nameof(NegativeEnergyPenalty));
        OptionChecks.AtLeast(LatentChainSteps, 0, nameof(LatentChainSteps));
        OptionChecks.NonNegative(LatentChainStepSize, nameof(LatentChainStepSize));
        OptionChecks.NonNegative(LatentChainNoise, nameof(LatentChainNoise));
        if (LatentChainGradientClip is double zClip) OptionChecks.Positive(zClip, nameof(LatentChainGradientClip));
        OptionChecks.AtLeast(ReplayBufferSize, 0, nameof(ReplayBufferSize));
        OptionChecks.ClosedInterval(ReplayRatio, 0, 1, nameof(ReplayRatio));
        OptionChecks.AtLeast(InputChainSteps, 0, nameof(InputChainSteps));
        OptionChecks.NonNegative(InputChainStepSize, nameof(InputChainStepSize));
        OptionChecks.NonNegative(InputChainNoise, nameof(InputChainNoise));
        if (InputChainGradientClip is double xClip) OptionChecks.Positive(xClip, nameof(InputChainGradientClip));
        if (InputChainMinimum is double min && InputChainMaximum is double max && !(min < max))
            throw new ArgumentOutOfRangeException(nameof(InputChainMaximum), max,
                ErrorMessages.OptionOutOfRange(nameof(InputChainMaximum), max, $"greater than InputChainMinimum ({min})"));
        OptionChecks.Defined(InputChainClipMode, nameof(InputChainClipMode));
        OptionChecks.EnergyPhase(this);
    }

    /// <summary>A deep copy of these options.</summary>
    public override NormalizedAutoencoderOptions Clone() => (NormalizedAutoencoderOptions)base.Clone();

    /// <summary>The effective input-chain bounds: explicit values, else [0, 1] for a sigmoid decoder, else none.</summary>
    internal (double? Min, double? Max) ResolveInputBounds() => ResolveChainBounds(InputChainMinimum, InputChainMaximum);
}
