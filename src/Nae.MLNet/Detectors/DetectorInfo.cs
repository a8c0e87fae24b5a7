using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Persistence;

namespace Nae.MLNet;

/// <summary>
/// One detector of this library as <see cref="DetectorRegistry"/> lists it: its names, its options type, its presets,
/// and a factory from options to its ML.NET estimator. Tools that choose detectors by name (the command line, the
/// benchmarks, experiments) enumerate the registry instead of naming detectors themselves.
/// </summary>
public sealed class DetectorInfo
{
    private readonly Func<DetectorPreset, EnergyDetectorOptions> _preset;
    private readonly Func<int, EnergyDetectorOptions> _tabular;
    private readonly Func<EnergyDetectorOptions, bool> _describes;
    private readonly Func<IHostEnvironment, EnergyDetectorOptions, IEstimator<EnergyAnomalyTransformer>> _create;

    internal DetectorInfo(string name, string displayName, string persistedName, Type optionsType, string summary,
        IReadOnlyList<string> aliases, Func<DetectorPreset, EnergyDetectorOptions> preset, Func<int, EnergyDetectorOptions> tabular,
        Func<EnergyDetectorOptions, bool> describes, Func<IHostEnvironment, EnergyDetectorOptions, IEstimator<EnergyAnomalyTransformer>> create)
    {
        _tabular = tabular;
        Name = name;
        DisplayName = displayName;
        PersistedName = persistedName;
        OptionsType = optionsType;
        Summary = summary;
        Aliases = aliases;
        _preset = preset;
        _describes = describes;
        _create = create;
    }

    /// <summary>The canonical name: lower case, what <c>nae-mlnet --detectors</c> and experiment settings take (e.g. "nae").</summary>
    public string Name { get; }

    /// <summary>The name shown in tables, plots and messages (e.g. "NAE").</summary>
    public string DisplayName { get; }

    /// <summary>The name stored in model files and reported by <see cref="EnergyAnomalyTransformer.DetectorName"/>
    /// (e.g. "NormalizedAutoencoder"). It never changes, so that old models keep loading.</summary>
    public string PersistedName { get; }

    /// <summary>The options class this detector is configured with.</summary>
    public Type OptionsType { get; }

    /// <summary>One line on what the detector does.</summary>
    public string Summary { get; }

    /// <summary>Further names <see cref="DetectorRegistry.Find"/> accepts (e.g. "ae").</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The presets every detector offers, in <see cref="DetectorPreset"/> order.</summary>
    public IReadOnlyList<DetectorPreset> Presets { get; } = Enum.GetValues<DetectorPreset>();

    /// <summary>New options of this detector, set to <paramref name="preset"/> (an instance of <see cref="OptionsType"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="preset"/> is not a defined preset.</exception>
    public EnergyDetectorOptions CreateOptions(DetectorPreset preset = DetectorPreset.Default)
    {
        if (!Enum.IsDefined(preset))
            throw new ArgumentOutOfRangeException(nameof(preset), preset, Errors.ErrorMessages.UnknownPreset(preset, DisplayName));
        return _preset(preset);
    }

    /// <summary>New options of this detector set to its tabular preset for rows of <paramref name="featureCount"/> features
    /// scaled to [0, 1] (e.g. <see cref="NormalizedAutoencoderOptions.Tabular"/>; docs/detectors.md, "Tabular data").</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is less than 1.</exception>
    public EnergyDetectorOptions CreateTabularOptions(int featureCount) => _tabular(featureCount);

    /// <summary>Whether <paramref name="options"/> configure this detector (the right options type, and for MPDR the right energy).</summary>
    public bool Describes(EnergyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _describes(options);
    }

    /// <summary>This detector's estimator, as <c>mlContext.AnomalyDetection.Trainers</c> would create it.</summary>
    /// <param name="mlContext">The context whose environment, seed and GPU settings the estimator uses.</param>
    /// <param name="options">Options of this detector; validated here.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> configure another detector.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public IEstimator<EnergyAnomalyTransformer> CreateEstimator(MLContext mlContext, EnergyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return CreateEstimator(mlContext.AnomalyDetection.Trainers, options);
    }

    /// <summary>This detector's estimator, as <paramref name="trainers"/> (<c>mlContext.AnomalyDetection.Trainers</c>) would create it.</summary>
    /// <param name="trainers">The anomaly detection trainers catalog of the context to train in.</param>
    /// <param name="options">Options of this detector; validated here.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> configure another detector.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public IEstimator<EnergyAnomalyTransformer> CreateEstimator(AnomalyDetectionCatalog.AnomalyDetectionTrainers trainers, EnergyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(); // an undefined value (say Energy = 99) is named as such, not as options of another detector
        if (!Describes(options))
            throw new ArgumentException(Errors.ErrorMessages.OptionsOfAnotherDetector(DisplayName, DetectorRegistry.For(options).DisplayName), nameof(options));
        return _create(MlNetModelBridge.EnvironmentOf(trainers), options);
    }

    /// <summary>The canonical name.</summary>
    public override string ToString() => Name;
}
