using Microsoft.ML;

namespace Nae.MLNet.AutoML;

/// <summary>The option that sets a detector's training budget (epochs or updates): the fidelity knob. Not swept; the
/// experiment sets it.</summary>
/// <param name="OptionName">The option's name (e.g. "NaeIterations").</param>
/// <param name="Init">The value a full trial uses.</param>
/// <param name="Max">The largest value a trial may use.</param>
public sealed record FidelityKnob(string OptionName, int Init, int Max);

/// <summary>What a trial's estimator is built for: the context's trainers, the feature column and size, the trial's seed,
/// fidelity, cancellation (the experiment's deadline) and progress.</summary>
public sealed record TrialContext(AnomalyDetectionCatalog.AnomalyDetectionTrainers Trainers, string FeatureColumnName, int FeatureCount,
    int Seed, int? Fidelity, CancellationToken CancellationToken, IProgress<TrainingProgress>? Progress);

/// <summary>
/// A detector an experiment can sweep: its name, its search space, its fidelity knob, a relative cost (the portfolio
/// starts cheapest first) and a factory from a parameter to an estimator that adds Score and PredictedLabel.
/// </summary>
public sealed class SweepableDetector
{
    private readonly Func<TrialContext, Parameter, IEstimator<ITransformer>> _build;
    private readonly Func<SearchSpace, int, SearchSpace> _bind;

    private readonly DetectorInfo? _registryDetector;

    private SweepableDetector(string name, SearchSpace searchSpace, FidelityKnob? fidelity, double relativeCost,
        Func<TrialContext, Parameter, IEstimator<ITransformer>> build, Func<SearchSpace, int, SearchSpace>? bind = null, bool joinsEnsembles = false,
        DetectorInfo? registryDetector = null)
    {
        _registryDetector = registryDetector;
        JoinsEnsembles = joinsEnsembles;
        Name = name;
        SearchSpace = searchSpace;
        Fidelity = fidelity;
        RelativeCost = relativeCost;
        _build = build;
        _bind = bind ?? ((space, _) => space);
    }

    /// <summary>The name on the leaderboard (the registry's display name for our detectors).</summary>
    public string Name { get; }

    /// <summary>The swept options.</summary>
    public SearchSpace SearchSpace { get; }

    /// <summary>The budget knob, or null when the detector has none (RandomizedPca).</summary>
    public FidelityKnob? Fidelity { get; }

    /// <summary>How expensive a trial is relative to the others (the portfolio runs cheapest first).</summary>
    public double RelativeCost { get; }

    /// <summary>Whether its models can join a <see cref="ScoreEnsembleTransformer"/> (Nae.MLNet detectors).</summary>
    public bool JoinsEnsembles { get; }

    /// <summary>Inputs with at least this many features (a 28×28 image) start from a detector's Fast preset, made for
    /// MNIST (an MLP 512-256, latent 32, the image update budget); narrower inputs from its tabular preset
    /// (<see cref="DetectorInfo.CreateTabularOptions"/>: a network sized from the feature count, 600 updates), which was
    /// measured on the 48 sets of the tabular suite (docs/detectors.md, "Tabular data"; 3 to 274 features, and one of
    /// 1555).</summary>
    public const int WideInputFeatures = 784;

    /// <summary>A registry detector swept over <paramref name="searchSpace"/> (default: <see cref="DetectorSearchSpaces.For"/>).
    /// Once the experiment knows the feature count d, every option not swept, the fidelity knob's full value and the
    /// search's start come from the detector's preset for that data: the tabular preset below
    /// <see cref="WideInputFeatures"/> features, the Fast (image) preset from there on; so a detector's first trial is its preset.</summary>
    public static SweepableDetector For(DetectorInfo detector, SearchSpace? searchSpace = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var probe = detector.CreateOptions();
        var fidelity = Knob(detector.CreateTabularOptions(16));
        double cost = probe switch { NormalizedAutoencoderOptions => 4, MpdrOptions { Energy: MpdrEnergy.Scalar } => 5, MpdrOptions => 3, _ => 1 };
        return new SweepableDetector(detector.DisplayName, searchSpace ?? DetectorSearchSpaces.For(detector), fidelity, cost,
            (context, parameter) => BuildRegistryDetector(detector, context, parameter), null, joinsEnsembles: true, detector);
    }

    /// <summary>The preset a registry detector's trials start from for <paramref name="featureCount"/> features (see
    /// <see cref="WideInputFeatures"/>).</summary>
    public static EnergyDetectorOptions PresetFor(DetectorInfo detector, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        return featureCount >= WideInputFeatures ? detector.CreateOptions(DetectorPreset.Fast) : detector.CreateTabularOptions(featureCount);
    }

    /// <summary>ML.NET's RandomizedPca, swept over rank and centring.</summary>
    public static SweepableDetector RandomizedPca(SearchSpace? searchSpace = null) => new("RandomizedPca",
        searchSpace ?? SearchSpace.From<DetectorSearchSpaces.RandomizedPca>(), null, 0.2,
        (context, p) => context.Trainers.RandomizedPca(context.FeatureColumnName, rank: p.Get<int>("Rank"), ensureZeroMean: p.Get<bool>("EnsureZeroMean"), seed: context.Seed),
        (space, d) => space.Capped("Rank", Math.Max(1, d - 1), Math.Min(10, Math.Max(1, d - 1))));

    /// <summary>Any estimator: <paramref name="factory"/> builds it from a <typeparamref name="TSpace"/> whose attributed
    /// properties were set to the trial's values. The estimator must read the context's feature column and add a
    /// Single "Score" column (higher = more anomalous).</summary>
    public static SweepableDetector Create<TSpace>(string name, Func<TrialContext, TSpace, IEstimator<ITransformer>> factory, double relativeCost = 1)
        where TSpace : class, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        return new SweepableDetector(name, SearchSpace.From<TSpace>(), null, relativeCost, (context, parameter) =>
        {
            var values = new TSpace();
            parameter.ApplyTo(values);
            return factory(context, values);
        });
    }

    /// <summary>This detector for data of <paramref name="featureCount"/> features: ranges capped, the start and the fidelity
    /// knob taken from the preset for that data (registry detectors).</summary>
    internal SweepableDetector Bind(int featureCount)
    {
        if (_registryDetector is not { } detector)
            return new(Name, _bind(SearchSpace, featureCount), Fidelity, RelativeCost, _build, joinsEnsembles: JoinsEnsembles);
        var preset = PresetFor(detector, featureCount);
        int latentMax = Math.Max(2, featureCount - 1);
        var space = SearchSpace.StartingAt(preset).Capped("LatentDimension", latentMax, Math.Min(preset.LatentDimension, latentMax));
        return new(Name, space, Knob(preset), RelativeCost, _build, joinsEnsembles: JoinsEnsembles, registryDetector: detector);
    }

    internal IEstimator<ITransformer> Build(TrialContext context, Parameter parameter) => _build(context, parameter);

    private static IEstimator<ITransformer> BuildRegistryDetector(DetectorInfo detector, TrialContext context, Parameter parameter)
    {
        var options = RegistryOptions(detector, parameter, context.Fidelity, context.Seed, context.FeatureCount, context.FeatureColumnName);
        options.CancellationToken = context.CancellationToken;
        options.Progress = context.Progress;
        return detector.CreateEstimator(context.Trainers, options);
    }

    /// <summary>The options a trial of this detector trains with (a registry detector), or null (RandomizedPca and user
    /// estimators): the preset for the data (<see cref="PresetFor"/>), the trial's values, fidelity and seed.</summary>
    /// <param name="parameter">The trial's swept values (<see cref="AnomalyTrialResult.Parameter"/>).</param>
    /// <param name="fidelity">The trial's fidelity (null: the knob's full value).</param>
    /// <param name="seed">The trial's seed (<see cref="AnomalyTrialResult.Seed"/>).</param>
    /// <param name="featureCount">The number of features (<see cref="AnomalyExperimentResult.FeatureCount"/>).</param>
    /// <param name="featureColumnName">The feature column.</param>
    public EnergyDetectorOptions? CreateOptions(Parameter parameter, int? fidelity, int seed, int featureCount, string featureColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _registryDetector is { } detector ? RegistryOptions(detector, parameter, fidelity, seed, featureCount, featureColumnName) : null;
    }

    private static EnergyDetectorOptions RegistryOptions(DetectorInfo detector, Parameter parameter, int? trialFidelity, int seed, int featureCount, string featureColumnName)
    {
        var options = PresetFor(detector, featureCount);
        var fidelity = Knob(options);
        options.FeatureColumnName = featureColumnName;
        options.Seed = seed;
        parameter.ApplyTo(options);
        int budget = trialFidelity ?? fidelity.Init;
        var knob = new Dictionary<string, object> { [fidelity.OptionName] = budget };
        if (options.GetType().GetProperty("ReportInterval") is not null) knob["ReportInterval"] = budget; // one report per trial
        new Parameter(knob).ApplyTo(options);
        return options;
    }

    /// <summary>The fidelity knob of a preset: the NAE's or MPDR's energy updates (full value the preset's, at most the
    /// larger of that and 2000), or the autoencoder's epochs.</summary>
    private static FidelityKnob Knob(EnergyDetectorOptions preset) => preset switch
    {
        NormalizedAutoencoderOptions nae => new FidelityKnob(nameof(NormalizedAutoencoderOptions.NaeIterations), nae.NaeIterations ?? 600, Math.Max(2000, nae.NaeIterations ?? 600)),
        MpdrOptions mpdr => new FidelityKnob(nameof(MpdrOptions.MpdrIterations), mpdr.MpdrIterations ?? 600, Math.Max(2000, mpdr.MpdrIterations ?? 600)),
        _ => new FidelityKnob(nameof(EnergyDetectorOptions.Epochs), preset.Epochs, preset.Epochs),
    };
}
