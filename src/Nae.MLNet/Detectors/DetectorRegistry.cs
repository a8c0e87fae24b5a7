using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>
/// The detectors of this library, in one list: for each its canonical, display and persisted names, options type,
/// presets and estimator factory. The catalog, the command line, the benchmarks and the tests enumerate it; nothing
/// else spells a detector's name.
/// </summary>
/// <example>
/// <code>
/// foreach (var detector in DetectorRegistry.All)
/// {
///     var options = detector.CreateOptions(DetectorPreset.Fast);
///     options.FeatureColumnName = "Features";
///     var model = detector.CreateEstimator(mlContext, options).Fit(train);
/// }
/// </code>
/// </example>
public static class DetectorRegistry
{
    /// <summary>The plain autoencoder, scored by reconstruction error: the baseline.</summary>
    public static DetectorInfo Autoencoder { get; } = new(
        "autoencoder", "Autoencoder", "Autoencoder", typeof(AutoencoderOptions),
        "Plain autoencoder; the score is the reconstruction error (the baseline of every comparison).",
        new[] { "ae" },
        preset => preset switch
        {
            DetectorPreset.Fast => AutoencoderOptions.Fast(),
            DetectorPreset.Paper => AutoencoderOptions.Paper(),
            _ => new AutoencoderOptions(),
        },
        AutoencoderOptions.Tabular,
        options => options is AutoencoderOptions,
        (environment, options) => new AutoencoderTrainer(environment, (AutoencoderOptions)options));

    /// <summary>The Normalized Autoencoder (Yoon, Noh &amp; Park, ICML 2021).</summary>
    public static DetectorInfo NormalizedAutoencoder { get; } = new(
        "nae", "NAE", "NormalizedAutoencoder", typeof(NormalizedAutoencoderOptions),
        "Normalized Autoencoder: reconstruction error trained as a normalized energy with Langevin MCMC negatives.",
        Array.Empty<string>(),
        preset => preset switch
        {
            DetectorPreset.Fast => NormalizedAutoencoderOptions.Fast(),
            DetectorPreset.Paper => NormalizedAutoencoderOptions.Paper(),
            _ => new NormalizedAutoencoderOptions(),
        },
        NormalizedAutoencoderOptions.Tabular,
        options => options is NormalizedAutoencoderOptions,
        (environment, options) => new NormalizedAutoencoderTrainer(environment, (NormalizedAutoencoderOptions)options));

    /// <summary>MPDR with a reconstruction energy (Yoon, Jin, Noh &amp; Park, NeurIPS 2023).</summary>
    public static DetectorInfo MpdrReconstruction { get; } = Mpdr(MpdrEnergy.Reconstruction,
        "mpdr-r", "MPDR-R", "MpdrReconstruction", new[] { "mpdr" },
        "MPDR-R: a reconstruction energy trained by recovery likelihood on manifold-perturbed negatives.");

    /// <summary>MPDR with a scalar energy network (Yoon, Jin, Noh &amp; Park, NeurIPS 2023).</summary>
    public static DetectorInfo MpdrScalar { get; } = Mpdr(MpdrEnergy.Scalar,
        "mpdr-s", "MPDR-S", "MpdrScalar", Array.Empty<string>(),
        "MPDR-S: a spectrally normalized scalar energy trained by recovery likelihood on manifold-perturbed negatives.");

    /// <summary>Every detector, in the order of tables and menus.</summary>
    public static IReadOnlyList<DetectorInfo> All { get; } = new[] { Autoencoder, NormalizedAutoencoder, MpdrReconstruction, MpdrScalar };

    /// <summary>The detector with this canonical, display or persisted name or alias (ignoring case); null when none has it.</summary>
    public static DetectorInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(d => Names(d).Any(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The detector with this name (see <see cref="Find"/>).</summary>
    /// <exception cref="ArgumentException">No detector has the name; the message lists the canonical names and the closest one.</exception>
    public static DetectorInfo Get(string name) => Find(name)
        ?? throw new ArgumentException(ErrorMessages.UnknownDetector(name, All.Select(d => d.Name), Closest(name)), nameof(name));

    /// <summary>The detector that <paramref name="options"/> configure.</summary>
    /// <exception cref="ArgumentException">No detector of this library takes options of this type.</exception>
    public static DetectorInfo For(EnergyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return All.FirstOrDefault(d => d.Describes(options))
            ?? throw new ArgumentException(ErrorMessages.NoDetectorForOptions(options.GetType().Name), nameof(options));
    }

    private static IEnumerable<string> Names(DetectorInfo detector) =>
        new[] { detector.Name, detector.DisplayName, detector.PersistedName }.Concat(detector.Aliases);

    /// <summary>The canonical name nearest to <paramref name="name"/> in edit distance, when it is a plausible typo.</summary>
    private static string? Closest(string name)
    {
        var (best, distance) = All.SelectMany(d => Names(d).Select(n => (d.Name, Distance: EditDistance.Between(name.ToLowerInvariant(), n.ToLowerInvariant()))))
            .MinBy(c => c.Distance);
        return distance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static DetectorInfo Mpdr(MpdrEnergy energy, string name, string displayName, string persistedName, string[] aliases, string summary) => new(
        name, displayName, persistedName, typeof(MpdrOptions), summary, aliases,
        preset => preset switch
        {
            DetectorPreset.Fast => MpdrOptions.Fast(energy),
            DetectorPreset.Paper => MpdrOptions.Paper(energy),
            _ => new MpdrOptions { Energy = energy },
        },
        featureCount => MpdrOptions.Tabular(energy, featureCount),
        options => options is MpdrOptions mpdr && mpdr.Energy == energy,
        (environment, options) => new MpdrTrainer(environment, (MpdrOptions)options));
}
