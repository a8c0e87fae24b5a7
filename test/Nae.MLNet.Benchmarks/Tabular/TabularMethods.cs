using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// The methods of the tabular suite. Ours use the CPU presets' algorithms with a network sized for tabular rows
/// (MLP 128-64, latent max(2, min(16, d/2)), up to 100 autoencoder epochs with patience 10, 600 NAE / MPDR updates,
/// as the demo's small-data settings); ML.NET's RandomizedPca with rank min(10, d−1); scikit-learn's through Python.
/// </summary>
public static class TabularMethods
{
    /// <summary>Our detectors, in table order.</summary>
    public static readonly string[] Ours = { "Autoencoder", "NAE", "MPDR-R", "MPDR-S" };

    /// <summary>ML.NET's own anomaly detector.</summary>
    public const string RandomizedPca = "RandomizedPca";

    /// <summary>The scikit-learn baselines (Scripts/sklearn_baselines.py), in table order.</summary>
    public static readonly string[] ScikitLearn = { "IsolationForest", "LOF", "OCSVM" };

    /// <summary>Every method, in table order.</summary>
    public static IReadOnlyList<string> All => Ours.Append(RandomizedPca).Concat(ScikitLearn).ToList();

    /// <summary>The ML.NET estimator of <paramref name="method"/> for rows of <paramref name="features"/> values in "Features".</summary>
    /// <remarks><paramref name="overrides"/> ("Name=Value", as the CLI's --set) apply to our detectors after these settings.</remarks>
    public static IEstimator<ITransformer> Create(MLContext ml, string method, int features, int seed, bool quick, string device, IReadOnlyList<string> overrides)
    {
        int epochs = quick ? 2 : 100, updates = quick ? 10 : 600;
        return method switch
        {
            "Autoencoder" => ml.AnomalyDetection.Trainers.Autoencoder(
                Override(Configure(AutoencoderOptions.Fast(), features, seed, epochs, device), overrides)),
            "NAE" => ml.AnomalyDetection.Trainers.NormalizedAutoencoder(
                Override(WithUpdates(Configure(NormalizedAutoencoderOptions.Fast(), features, seed, epochs, device), updates), overrides)),
            "MPDR-R" => ml.AnomalyDetection.Trainers.Mpdr(Override(Mpdr(MpdrEnergy.Reconstruction, features, seed, epochs, updates, quick, device), overrides)),
            "MPDR-S" => ml.AnomalyDetection.Trainers.Mpdr(Override(Mpdr(MpdrEnergy.Scalar, features, seed, epochs, updates, quick, device), overrides)),
            RandomizedPca => ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: Math.Min(10, features - 1), ensureZeroMean: true, seed: seed),
            _ => throw new ArgumentException($"Unknown tabular method '{method}'. Known: {string.Join(", ", Ours.Append(RandomizedPca))}."),
        };
    }

    /// <summary>Rows as an IDataView with a fixed-size "Features" vector.</summary>
    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> rows, int features)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), schema);
    }

    private static T Override<T>(T options, IReadOnlyList<string> overrides) where T : EnergyDetectorOptions
    {
        Cli.Commands.OptionOverrides.Apply(options, overrides);
        return options;
    }

    private static NormalizedAutoencoderOptions WithUpdates(NormalizedAutoencoderOptions options, int updates)
    {
        options.NaeIterations = updates;
        options.ReportInterval = updates;
        return options;
    }

    private static MpdrOptions Mpdr(MpdrEnergy energy, int features, int seed, int epochs, int updates, bool quick, string device)
    {
        var options = Configure(MpdrOptions.Fast(energy), features, seed, epochs, device);
        options.MpdrIterations = updates;
        options.ReportInterval = updates;
        options.MpdrLearningRate = 1e-3;
        options.ScalarHiddenLayerSizes = quick ? new[] { 32, 32 } : new[] { 256, 256 };
        return options;
    }

    private static T Configure<T>(T options, int features, int seed, int epochs, string device) where T : EnergyDetectorOptions
    {
        options.Seed = seed;
        options.Device = device;
        options.HiddenLayerSizes = new[] { 128, 64 };
        options.LatentDimension = Math.Clamp(features / 2, 2, 16);
        options.Epochs = epochs;
        options.EarlyStoppingPatience = 10;
        return options;
    }

    /// <summary>One row of features.</summary>
    public sealed class FeatureRow
    {
        /// <summary>The min-max scaled features.</summary>
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
