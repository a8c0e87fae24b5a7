using Microsoft.ML;
using Nae.MLNet.Cli.Datasets;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// The detectors the demo can run. On MNIST they use the library's CPU presets as they are; on the 64-pixel digits
/// the same presets with a smaller network, more epochs (the set is 50× smaller) and fewer NAE updates.
/// </summary>
internal sealed record DemoDetectors(string Name, Func<MLContext, HoldoutData, int, IProgress<TrainingProgress>, IEstimator<ITransformer>> Create)
{
    private static readonly DemoDetectors Autoencoder = new("Autoencoder", (ml, data, seed, progress) =>
        ml.AnomalyDetection.Trainers.Autoencoder(Configure(AutoencoderOptions.Fast(), data, seed, progress)));

    private static readonly DemoDetectors Nae = new("NAE", (ml, data, seed, progress) =>
    {
        var options = Configure(NormalizedAutoencoderOptions.Fast(), data, seed, progress);
        if (data.FeatureCount < 784) options.NaeIterations = 600;
        return ml.AnomalyDetection.Trainers.NormalizedAutoencoder(options);
    });

    public static IReadOnlyList<DemoDetectors> Parse(string names) => names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(name => name.ToLowerInvariant() switch
        {
            "autoencoder" or "ae" => Autoencoder,
            "nae" => Nae,
            _ => throw new CommandLineException($"--detectors takes 'autoencoder' and 'nae', but got '{name}'."),
        }).ToList();

    private static T Configure<T>(T options, HoldoutData data, int seed, IProgress<TrainingProgress> progress) where T : EnergyDetectorOptions
    {
        options.Seed = seed;
        options.Progress = progress;
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
