using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Commands;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// The methods of the tabular suite. Ours are every detector of the registry, with its CPU preset and the small-data
/// settings (MLP 128-64, latent max(2, min(16, d/2)), up to 100 autoencoder epochs with patience 10, 600 NAE / MPDR
/// updates, as the demo's digits); ML.NET's RandomizedPca with rank min(10, d−1); scikit-learn's through Python.
/// </summary>
public static class TabularMethods
{
    /// <summary>Our detectors (registry display names), in table order.</summary>
    public static readonly string[] Ours = DetectorRegistry.All.Select(d => d.DisplayName).ToArray();

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
        if (method == RandomizedPca)
            return ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: Math.Min(10, features - 1), ensureZeroMean: true, seed: seed);
        var detector = DetectorRegistry.Find(method)
            ?? throw new ArgumentException($"Unknown tabular method '{method}'. Known: {string.Join(", ", Ours.Append(RandomizedPca))}.");
        int updates = quick ? 10 : 600;
        var options = detector.CreateOptions(DetectorPreset.Fast);
        options.Seed = seed;
        options.Device = device;
        OptionOverrides.Apply(options, SmallDataSettings.For(Math.Clamp(features / 2, 2, 16), epochs: quick ? 2 : 100, updates,
            scalarHiddenLayerSizes: quick ? "32,32" : "256,256").Append(Invariant($"ReportInterval={updates}")));
        OptionOverrides.Apply(options, overrides);
        return detector.CreateEstimator(ml, options);
    }

    /// <summary>Rows as an IDataView with a fixed-size "Features" vector.</summary>
    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> rows, int features)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), schema);
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One row of features.</summary>
    public sealed class FeatureRow
    {
        /// <summary>The min-max scaled features.</summary>
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
