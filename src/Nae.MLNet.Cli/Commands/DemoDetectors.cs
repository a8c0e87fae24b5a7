using Microsoft.ML;
using Nae.MLNet.Cli.Datasets;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// The detectors the demo can run: every entry of <see cref="DetectorRegistry"/>. On MNIST they use the library's CPU
/// presets as they are (or, with <see cref="DemoSettings.PaperPresets"/>, the authors' convolutional configurations,
/// meant for a GPU); on the 64-pixel digits the CPU presets with <see cref="SmallDataSettings"/>.
/// </summary>
internal static class DemoDetectors
{
    /// <summary>The detectors named in a comma-separated list (canonical names, display names or aliases, any case).</summary>
    public static IReadOnlyList<DetectorInfo> Parse(string names) => names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(name => DetectorRegistry.Find(name) ?? throw new CommandLineException(
            $"--detectors takes {string.Join(", ", DetectorRegistry.All.Select(d => d.Name))}, but got '{name}'."))
        .ToList();

    /// <summary>The estimator of <paramref name="detector"/> for <paramref name="data"/>: its preset, the demo's seed and
    /// progress, the small-data settings on the digits, then the user's --set overrides (which win).</summary>
    public static IEstimator<ITransformer> Create(DetectorInfo detector, MLContext ml, HoldoutData data, DemoSettings settings)
    {
        var options = detector.CreateOptions(settings.PaperPresets ? DetectorPreset.Paper : DetectorPreset.Fast);
        options.Seed = settings.Seed;
        options.Progress = settings.Progress;
        options.CheckSet = settings.Check;
        if (data.FeatureCount < 784) OptionOverrides.Apply(options, SmallDataSettings.For(latentDimension: 16));
        OptionOverrides.Apply(options, settings.Overrides);
        return detector.CreateEstimator(ml, options);
    }
}

/// <summary>What every demo detector is configured with: the seed, the console progress, the --set overrides, and
/// whether MNIST runs use the paper presets (convolutional, for a GPU) instead of the CPU presets, and an optional
/// diagnostic check set (the benchmark harness's trace suite).</summary>
internal sealed record DemoSettings(int Seed, IProgress<TrainingProgress> Progress, IReadOnlyList<string> Overrides, bool PaperPresets = false,
    TrainingCheck? Check = null);
