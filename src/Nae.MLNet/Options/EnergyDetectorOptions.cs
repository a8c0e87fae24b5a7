using System.Globalization;
using System.Reflection;
using System.Text;
using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>
/// Options shared by every detector of this library: columns, network shape, training budget, device, seed,
/// threshold calibration, progress and cancellation. <see cref="AutoencoderOptions"/> and the options of the
/// energy-based detectors derive from it.
/// </summary>
/// <remarks>
/// Options are plain settable properties. <see cref="Validate"/> checks them all in one place (the estimator calls
/// it when it is created), <see cref="Clone"/> copies them for experiments, and <see cref="ToString"/> prints every
/// effective value so that a log shows exactly what ran.
/// </remarks>
public abstract class EnergyDetectorOptions
{
    /// <summary>Default values of the shared options, in one place.</summary>
    public static class Defaults
    {
        /// <summary>Default of <see cref="FeatureColumnName"/>.</summary>
        public const string FeatureColumnName = "Features";
        /// <summary>Default of <see cref="LatentDimension"/>.</summary>
        public const int LatentDimension = 16;
        /// <summary>Default of <see cref="Epochs"/>.</summary>
        public const int Epochs = 50;
        /// <summary>Default of <see cref="BatchSize"/>.</summary>
        public const int BatchSize = 128;
        /// <summary>Default of <see cref="LearningRate"/>.</summary>
        public const double LearningRate = 1e-3;
        /// <summary>The device used when <see cref="Device"/> is null and <c>MLContext.GpuDeviceId</c> is not set.</summary>
        public const string Device = DeviceNames.Cpu;
        /// <summary>Default of <see cref="FalsePositiveRate"/>.</summary>
        public const double FalsePositiveRate = 0.01;
        /// <summary>Default of <see cref="ValidationFraction"/>.</summary>
        public const double ValidationFraction = 0.1;
        /// <summary>Default of <see cref="EarlyStoppingPatience"/>.</summary>
        public const int EarlyStoppingPatience = 4;

        /// <summary>Default of <see cref="HiddenLayerSizes"/> (a new array on every call).</summary>
        public static int[] HiddenLayerSizes() => new[] { 128, 64 };
    }

    /// <summary>Name of the input column: a known-size vector of <see cref="float"/>.</summary>
    /// <value>Default: "Features".</value>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>Size of the autoencoder's latent code z.</summary>
    /// <value>Default: 16. Paper (MNIST): 32. Range: ≥ 1, and smaller than the feature count.</value>
    /// <remarks>Too large a latent lets the autoencoder reconstruct everything, outliers included; too small a latent
    /// underfits the normal data. A few percent of the feature count is a good start.</remarks>
    public int LatentDimension { get; set; } = Defaults.LatentDimension;

    /// <summary>Widths of the hidden layers of the MLP encoder, input side first; the decoder mirrors them.</summary>
    /// <value>Default: { 128, 64 }. Range: each ≥ 1; may be empty (a linear encoder). Ignored when <see cref="ImageShape"/> is set.</value>
    public int[] HiddenLayerSizes { get; set; } = Defaults.HiddenLayerSizes();

    /// <summary>When set, features are images of this shape and the authors' convolutional networks
    /// (ConvNet2FC encoder, DeConvNet2 decoder) are used instead of the MLP.</summary>
    /// <value>Default: null (MLP). Its <see cref="ImageShape.FeatureCount"/> must equal the feature vector size.</value>
    public ImageShape? ImageShape { get; set; }

    /// <summary>Activation of the decoder's output layer.</summary>
    /// <value>Default: null, which means <see cref="Nae.MLNet.DecoderOutput.Sigmoid"/> when <see cref="ImageShape"/> is set
    /// (as in the authors' DeConvNet2) and <see cref="Nae.MLNet.DecoderOutput.Linear"/> otherwise.</value>
    /// <remarks>Use Sigmoid for features scaled to [0, 1] (NormalizeMinMax, pixels), Linear for standardized features.</remarks>
    public DecoderOutput? DecoderOutput { get; set; }

    /// <summary>Whether the encoder output is projected onto the unit sphere, z / ‖z‖ (the NAE and MPDR latent).</summary>
    /// <value>Default: false for the plain autoencoder; true for the energy-based detectors.</value>
    public bool SphericalLatent { get; set; }

    /// <summary>Maximum number of passes over the training rows (of the autoencoder phase, for the energy-based detectors).</summary>
    /// <value>Default: 50. Paper (NAE MNIST autoencoder phase): 100. Range: ≥ 1.</value>
    /// <remarks>Training can stop earlier: see <see cref="EarlyStoppingPatience"/>.</remarks>
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Rows per mini-batch, in training and in batched scoring.</summary>
    /// <value>Default: 128 (the authors' value). Range: ≥ 1.</value>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam learning rate of the autoencoder phase.</summary>
    /// <value>Default: 1e-3. Paper (NAE MNIST, convolutional): 1e-4. Range: &gt; 0.</value>
    /// <remarks>Lower it when the training loss oscillates; convolutional networks want 1e-4.</remarks>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Coefficient of the L2 penalty on the encoder weights: the sum over all encoder parameters of θ².</summary>
    /// <value>Default: 0. Paper (NAE, <c>l2_norm_reg_en</c>): 1e-4. Range: ≥ 0.</value>
    public double EncoderL2Penalty { get; set; }

    /// <summary>Coefficient of the L2 penalty on the decoder weights: the sum over all decoder parameters of θ².</summary>
    /// <value>Default: 0 (as in the authors' configs, <c>l2_norm_reg_de</c>). Range: ≥ 0.</value>
    public double DecoderL2Penalty { get; set; }

    /// <summary>Number of validations without a new best validation energy after which autoencoder training stops.
    /// The count is cumulative over the run, as in the authors' code; 0 disables early stopping.</summary>
    /// <value>Default: 4 (the authors' <c>no_best_model_count &gt; 3</c>). Range: ≥ 0. Needs <see cref="ValidationFraction"/> &gt; 0.</value>
    public int EarlyStoppingPatience { get; set; } = Defaults.EarlyStoppingPatience;

    /// <summary>Seed of every random choice in training: weight initialization, shuffling, validation split, MCMC noise.</summary>
    /// <value>Default: null, derived from the MLContext seed (so <c>new MLContext(seed: 1)</c> makes training repeatable).</value>
    public int? Seed { get; set; }

    /// <summary>The torch device to train and score on: "cpu", "cuda" or "cuda:N"; null to take it from the MLContext.</summary>
    /// <value>Default: null, which means "cuda:N" when <c>MLContext.GpuDeviceId</c> is N (and "cpu" instead when no GPU is
    /// visible and <c>MLContext.FallbackToCpu</c> is true), else "cpu".</value>
    /// <remarks>"cuda" needs a CUDA build of libtorch (TorchBackend=cuda-windows) and a GPU.</remarks>
    public string? Device { get; set; }

    /// <summary>The false-positive rate <c>PredictedLabel</c> keeps to: at most this fraction of normal rows (rows like
    /// the training rows) is flagged, in expectation.</summary>
    /// <value>Default: 0.01. Range: 0 &lt; rate &lt; 1.</value>
    /// <remarks>The threshold is the ⌈(n + 1)(1 − rate)⌉-th smallest score of n calibration rows: held-out rows that
    /// training never decided on (half of the <see cref="ValidationFraction"/> rows when early stopping uses the other
    /// half; all of them otherwise). For a new row exchangeable with them, P(flagged) ≤ rate (the split-conformal
    /// guarantee); it needs rate ≥ 1 / (n + 1), else the largest calibration score is used and a warning is logged.
    /// <see cref="EnergyAnomalyTransformer.CalibrationRowCount"/> says how many rows the threshold rests on. With
    /// <see cref="ValidationFraction"/> = 0 the training rows calibrate, which gives a lower (optimistic) rate. Change
    /// the threshold later with <see cref="EnergyAnomalyTransformer.WithFalsePositiveRate"/> or
    /// <see cref="EnergyAnomalyTransformer.WithThreshold"/>.</remarks>
    public double FalsePositiveRate { get; set; } = Defaults.FalsePositiveRate;

    /// <summary>Fraction of the training rows held out from training: half of them decide early stopping and the other half
    /// calibrate the threshold (all of them calibrate when <see cref="EarlyStoppingPatience"/> is 0).</summary>
    /// <value>Default: 0.1. Range: 0 ≤ fraction &lt; 1.</value>
    public double ValidationFraction { get; set; } = Defaults.ValidationFraction;

    /// <summary>Receives one report per epoch (phase, losses, diagnostics, elapsed time). Reports also reach <c>MLContext.Log</c>.</summary>
    /// <value>Default: null (no reports besides the log).</value>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>A diagnostic: labelled rows and probe inputs scored at every report (each autoencoder epoch, each energy
    /// report), adding CheckAuroc, CheckNormalEnergy, CheckAnomalyEnergy and Probe.NAME to the reports' metrics. It
    /// never influences training. Not saved with the model (its metrics are, in the history).</summary>
    /// <value>Default: null (no check set).</value>
    public TrainingCheck? CheckSet { get; set; }

    /// <summary>Cancels training: <c>Fit</c> checks it every mini-batch and throws <see cref="OperationCanceledException"/>.</summary>
    /// <value>Default: <see cref="CancellationToken.None"/>.</value>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Checks every option and throws for the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    /// <exception cref="ArgumentNullException">A required option is null.</exception>
    public virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
            throw new ArgumentNullException(nameof(FeatureColumnName), ErrorMessages.OptionRequired(nameof(FeatureColumnName)));
        OptionChecks.AtLeast(LatentDimension, 1, nameof(LatentDimension));
        if (HiddenLayerSizes is null)
            throw new ArgumentNullException(nameof(HiddenLayerSizes), ErrorMessages.OptionRequired(nameof(HiddenLayerSizes)));
        for (int i = 0; i < HiddenLayerSizes.Length; i++)
            OptionChecks.AtLeast(HiddenLayerSizes[i], 1, $"{nameof(HiddenLayerSizes)}[{i}]");
        if (ImageShape is not null)
            ConvolutionalGeometry.Validate(ImageShape);
        if (DecoderOutput is { } output) OptionChecks.Defined(output, nameof(DecoderOutput));
        OptionChecks.AtLeast(Epochs, 1, nameof(Epochs));
        OptionChecks.AtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.NonNegative(EncoderL2Penalty, nameof(EncoderL2Penalty));
        OptionChecks.NonNegative(DecoderL2Penalty, nameof(DecoderL2Penalty));
        OptionChecks.AtLeast(EarlyStoppingPatience, 0, nameof(EarlyStoppingPatience));
        DeviceNames.ValidateOptional(Device, nameof(Device));
        OptionChecks.OpenInterval(FalsePositiveRate, 0, 1, nameof(FalsePositiveRate));
        OptionChecks.HalfOpenInterval(ValidationFraction, 0, 1, nameof(ValidationFraction));
    }

    /// <summary>A deep copy of these options (arrays are copied; Progress, CancellationToken and CheckSet are shared).</summary>
    public virtual EnergyDetectorOptions Clone()
    {
        var copy = (EnergyDetectorOptions)MemberwiseClone();
        copy.HiddenLayerSizes = (int[])HiddenLayerSizes?.Clone()!; // null stays null, for Validate to name it
        return copy;
    }

    /// <summary>Every effective option value, one "Name = value" pair per option, in declaration order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(GetType().Name).Append(" { ");
        var properties = GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite)
            .OrderBy(p => p.DeclaringType == typeof(EnergyDetectorOptions) ? 0 : 1)
            .ThenBy(p => p.MetadataToken);
        text.AppendJoin(", ", properties.Select(p => $"{p.Name} = {Describe(p.Name, p.GetValue(this))}"));
        return text.Append(" }").ToString();
    }

    /// <summary>How an option left at null is resolved, for <see cref="ToString"/> (e.g. "null (5)").</summary>
    private protected virtual string DescribeNull(string name) => name switch
    {
        nameof(Seed) => "null (from MLContext)",
        nameof(Device) => "null (from MLContext)",
        nameof(DecoderOutput) => $"null ({ResolveDecoderOutput()})",
        _ => "null",
    };

    private string Describe(string name, object? value) => value switch
    {
        null => DescribeNull(name),
        int[] array => "{ " + string.Join(", ", array) + " }",
        CancellationToken token => token.CanBeCanceled ? "set" : "none",
        IProgress<TrainingProgress> => "set",
        TrainingCheck check => check.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Chain bounds: the explicit limits, else [0, 1] for a sigmoid decoder (data in [0, 1]), else none.</summary>
    private protected (double? Min, double? Max) ResolveChainBounds(double? min, double? max)
    {
        bool unit = ResolveDecoderOutput() == Nae.MLNet.DecoderOutput.Sigmoid;
        return (min ?? (unit ? 0 : null), max ?? (unit ? 1 : null));
    }

    /// <summary>Every latent size the detector will use, with the option that sets it (checked against the feature count).</summary>
    internal virtual IEnumerable<(string Option, int Size)> LatentDimensions()
    {
        yield return (nameof(LatentDimension), LatentDimension);
    }

    internal DecoderOutput ResolveDecoderOutput() =>
        DecoderOutput ?? (ImageShape is null ? Nae.MLNet.DecoderOutput.Linear : Nae.MLNet.DecoderOutput.Sigmoid);
}
