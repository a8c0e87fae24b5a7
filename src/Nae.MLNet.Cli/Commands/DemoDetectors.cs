using Microsoft.ML;
using Nae.MLNet.Cli.Datasets;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// The detectors the demo can run. On MNIST they use the library's CPU presets as they are (or, with
/// <see cref="DemoSettings.PaperPresets"/>, the authors' convolutional configurations, meant for a GPU); on the 64-pixel
/// digits the CPU presets with a smaller network, more epochs (the set is 50× smaller) and fewer NAE updates.
/// </summary>
internal sealed record DemoDetectors(string Name, Func<MLContext, HoldoutData, DemoSettings, IEstimator<ITransformer>> Create)
{
    private static readonly DemoDetectors Autoencoder = new("Autoencoder", (ml, data, settings) =>
        ml.AnomalyDetection.Trainers.Autoencoder(Override(Configure(settings.PaperPresets ? AutoencoderOptions.Paper() : AutoencoderOptions.Fast(), data, settings), settings)));

    private static readonly DemoDetectors Nae = new("NAE", (ml, data, settings) =>
    {
        var options = Configure(settings.PaperPresets ? NormalizedAutoencoderOptions.Paper() : NormalizedAutoencoderOptions.Fast(), data, settings);
        if (data.FeatureCount < 784) options.NaeIterations = 600;
        return ml.AnomalyDetection.Trainers.NormalizedAutoencoder(Override(options, settings));
    });

    private static DemoDetectors Mpdr(MpdrEnergy energy, string name) => new(name, (ml, data, settings) =>
    {
        var options = Configure(settings.PaperPresets ? MpdrOptions.Paper(energy) : MpdrOptions.Fast(energy), data, settings);
        if (data.FeatureCount < 784)
        {
            options.MpdrIterations = 600;
            options.MpdrLearningRate = 1e-3;
            options.ScalarHiddenLayerSizes = new[] { 256, 256 };
        }
        return ml.AnomalyDetection.Trainers.Mpdr(Override(options, settings));
    });

    public static IReadOnlyList<DemoDetectors> Parse(string names) => names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(name => name.ToLowerInvariant() switch
        {
            "autoencoder" or "ae" => Autoencoder,
            "nae" => Nae,
            "mpdr-r" or "mpdr" => Mpdr(MpdrEnergy.Reconstruction, "MPDR-R"),
            "mpdr-s" => Mpdr(MpdrEnergy.Scalar, "MPDR-S"),
            _ => throw new CommandLineException($"--detectors takes autoencoder, nae, mpdr-r and mpdr-s, but got '{name}'."),
        }).ToList();

    /// <summary>Applies the user's --set overrides last, so they win over the demo's choices.</summary>
    private static T Override<T>(T options, DemoSettings settings) where T : EnergyDetectorOptions
    {
        OptionOverrides.Apply(options, settings.Overrides);
        return options;
    }

    private static T Configure<T>(T options, HoldoutData data, DemoSettings settings) where T : EnergyDetectorOptions
    {
        options.Seed = settings.Seed;
        options.Progress = settings.Progress;
        if (data.FeatureCount < 784)
        {
            options.HiddenLayerSizes = new[] { 128, 64 };
            options.LatentDimension = 16;
            options.Epochs = 100;
            options.EarlyStoppingPatience = 10;
        }
        return options;
    }
}

/// <summary>What every demo detector is configured with: the seed, the console progress, the --set overrides, and
/// whether MNIST runs use the paper presets (convolutional, for a GPU) instead of the CPU presets.</summary>
internal sealed record DemoSettings(int Seed, IProgress<TrainingProgress> Progress, IReadOnlyList<string> Overrides, bool PaperPresets = false);
