using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.DataView;
using Nae.MLNet.Errors;
using Nae.MLNet.Networks;
using Nae.MLNet.Persistence;
using Nae.MLNet.Scoring;
using Nae.MLNet.Torch;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet;

/// <summary>
/// The estimator skeleton every detector shares: schema validation before Fit, reading and checking the features,
/// seeding, the validation split, training (the one hook detectors implement), threshold calibration and the
/// transformer. <c>Fit</c> never changes the estimator: two fits give two independent transformers.
/// </summary>
/// <typeparam name="TOptions">The detector's options type.</typeparam>
public abstract class EnergyDetectorTrainer<TOptions> : IEstimator<EnergyAnomalyTransformer>
    where TOptions : EnergyDetectorOptions
{
    /// <summary>libtorch's random generator is process-global: fits run one at a time so that seeds reproduce.</summary>
    private static readonly object TrainingGate = new();

    private readonly IHostEnvironment _environment;
    private readonly IHost _host;
    private readonly TOptions _options;

    private protected EnergyDetectorTrainer(IHostEnvironment environment, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        _options = (TOptions)options.Clone();
        _options.Validate();
        Detector = DetectorRegistry.For(_options);
        _environment = environment;
        _host = environment.Register(Detector.PersistedName);
        EnergyAnomalyTransformer.RegisterLoader(environment);
    }

    /// <summary>The registry entry of the detector these options configure.</summary>
    public DetectorInfo Detector { get; }

    /// <summary>The detector's name, as stored in trained models (<see cref="DetectorInfo.PersistedName"/>).</summary>
    public string DetectorName => Detector.PersistedName;

    /// <summary>A copy of the validated options this estimator trains with.</summary>
    public TOptions Options => (TOptions)_options.Clone();

    /// <summary>The input shape plus Score (Single) and PredictedLabel (Boolean). Called by pipelines before any Fit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing, or not a known-size vector of Single.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureColumnSchema.Check(inputSchema, _options.FeatureColumnName);
        return ScoreColumns.Append(inputSchema);
    }

    /// <summary>Trains the detector with TorchSharp and calibrates its threshold.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or of the wrong type, or an option does not fit the data.</exception>
    /// <exception cref="InvalidOperationException">The data is empty or holds NaN or infinite features (the message names the row).</exception>
    /// <exception cref="TrainingDivergedException">Training produced non-finite values and could not recover.</exception>
    /// <exception cref="OperationCanceledException">The options' CancellationToken was cancelled.</exception>
    public EnergyAnomalyTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, featureCount) = FeatureColumnSchema.Check(input.Schema, _options.FeatureColumnName);
        CheckFitsData(featureCount);
        using var channel = _host.Start("Fit");
        channel.Info(MessageSensitivity.None, "{0}", _options);
        lock (TrainingGate)
        {
            int seed = _options.Seed ?? _host.Rand.Next();
            torch.random.manual_seed(seed);
            string deviceName = DeviceName(channel);
            var device = DeviceSelection.Resolve(deviceName);
            var matrix = FeatureMatrixReader.Read(input, _options.FeatureColumnName, _options.CancellationToken);
            // early stopping decides on the validation rows: the threshold is calibrated on held-out rows it never saw
            using var data = TrainingSet.Split(matrix, _options.ValidationFraction, separateCalibration: _options.EarlyStoppingPatience > 0, new Random(seed), device)
                .WithCheck(_options.CheckSet, device);
            var monitor = new TrainingMonitor(channel, _options.Progress, _options.CancellationToken);
            try
            {
                var scorer = new EnergyScorer(Train(data, _options, monitor, device, featureCount), device);
                try
                {
                    var state = Calibrate(scorer, data, monitor, deviceName);
                    return new EnergyAnomalyTransformer(_host, state, scorer);
                }
                catch
                {
                    scorer.Dispose();
                    throw;
                }
            }
            catch (TrainingDivergedException diverged) when (matrix.Largest() is var (value, row, column) && Math.Abs(value) > UnscaledMagnitude)
            {
                throw new TrainingDivergedException(ErrorMessages.UnscaledFeatures(diverged.Message, value, row, column), diverged.Epoch, diverged);
            }
        }
    }

    /// <summary>Features beyond ±10⁴ were not scaled: min-max or standardized features stay far below it.</summary>
    private const double UnscaledMagnitude = 1e4;

    /// <summary>Trains the detector's energy network on <paramref name="data"/>, reporting each epoch to <paramref name="monitor"/>;
    /// returns it (on the device), or disposes everything it created and rethrows.</summary>
    private protected abstract IEnergyNetwork Train(TrainingSet data, TOptions options, TrainingMonitor monitor, torch.Device device, int featureCount);

    /// <summary>Runs <paramref name="train"/> on <paramref name="network"/>; disposes the network if it throws.</summary>
    private protected static T TrainOrDispose<T>(T network, Action<T> train) where T : IEnergyNetwork
    {
        try
        {
            train(network);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The options' Device; when it is null, the MLContext's GpuDeviceId (falling back to the CPU only when the
    /// context allows it), else the CPU.</summary>
    private string DeviceName(IChannel channel)
    {
        if (_options.Device is { } device) return device;
        var (gpuDeviceId, fallbackToCpu) = MlNetModelBridge.GpuSettingsOf(_environment);
        if (gpuDeviceId is not int id) return EnergyDetectorOptions.Defaults.Device;
        if (DeviceSelection.CudaAvailable) return DeviceNames.Cuda(id);
        if (!fallbackToCpu) throw new NotSupportedException(ErrorMessages.GpuDeviceUnavailable(id));
        channel.Warning(MessageSensitivity.None, "{0}", ErrorMessages.GpuFallback(id));
        return EnergyDetectorOptions.Defaults.Device;
    }

    private void CheckFitsData(int featureCount)
    {
        foreach (var (name, latent) in _options.LatentDimensions())
            if (latent >= featureCount)
                throw new ArgumentOutOfRangeException(name, ErrorMessages.LatentTooLarge(name, latent, featureCount));
        if (_options.CheckSet is { } check && check.FeatureCount != featureCount)
            throw new ArgumentOutOfRangeException(nameof(EnergyDetectorOptions.CheckSet), ErrorMessages.CheckSetMismatch(check.FeatureCount, featureCount));
        if (_options.ImageShape is { } shape && shape.FeatureCount != featureCount)
            throw new ArgumentOutOfRangeException(nameof(EnergyDetectorOptions.ImageShape), ErrorMessages.ImageShapeMismatch(shape, featureCount));
    }

    private DetectorState Calibrate(EnergyScorer scorer, TrainingSet data, TrainingMonitor monitor, string deviceName)
    {
        var scores = scorer.ScoreAll(data.Calibration, _options.BatchSize);
        if (scores.Any(s => !float.IsFinite(s)))
            throw new TrainingDivergedException(ErrorMessages.TrainingDiverged(DetectorName, monitor.History.Count, "the trained model gives non-finite scores"), monitor.History.Count);
        Array.Sort(scores);
        float threshold = ThresholdCalibration.Threshold(scores, _options.FalsePositiveRate);
        monitor.Info(FormattableString.Invariant($"Threshold {threshold:G6} for a false-positive rate of at most {_options.FalsePositiveRate:P2}, from {scores.Length} calibration rows."));
        if (!ThresholdCalibration.CanGuarantee(scores.Length, _options.FalsePositiveRate))
            monitor.Warning(ErrorMessages.TooFewCalibrationRows(scores.Length, _options.FalsePositiveRate, ThresholdCalibration.SmallestGuaranteedRate(scores.Length)));
        return new DetectorState(DetectorName, _options.FeatureColumnName, _options.BatchSize, threshold, scores, monitor.History.ToArray(), deviceName);
    }
}
