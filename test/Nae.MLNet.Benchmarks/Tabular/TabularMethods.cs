using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Commands;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// The methods of the tabular suite. Ours are every detector of the registry twice: with its CPU preset and the small-data
/// settings (MLP 128-64, latent max(2, min(16, d/2)), up to 100 autoencoder epochs with patience 10, 600 NAE / MPDR
/// updates, as the demo's digits; the figures before the tabular presets), and with its tabular preset
/// (<c>DetectorInfo.CreateTabularOptions</c>); ML.NET's RandomizedPca with rank min(10, d−1); scikit-learn's through Python.
/// </summary>
public static class TabularMethods
{
    /// <summary>The suffix of a detector run with its tabular preset.</summary>
    public const string TabularSuffix = " tabular";

    /// <summary>Our detectors with the MNIST CPU presets adapted to small data (registry display names), in table order.</summary>
    public static readonly string[] Fast = DetectorRegistry.All.Select(d => d.DisplayName).ToArray();

    /// <summary>Our detectors with their tabular presets ("NAE tabular"), in table order.</summary>
    public static readonly string[] Tabular = DetectorRegistry.All.Select(d => d.DisplayName + TabularSuffix).ToArray();

    /// <summary>All our methods, in table order.</summary>
    public static readonly string[] Ours = Fast.Concat(Tabular).ToArray();

    /// <summary>ML.NET's own anomaly detector.</summary>
    public const string RandomizedPca = "RandomizedPca";

    /// <summary>The scikit-learn baselines (Scripts/sklearn_baselines.py), in table order; KNN (distance to the 5th nearest
    /// training row, the strongest classical one-class method in ADBench) runs in a section of its own.</summary>
    public static readonly string[] ScikitLearn = { "IsolationForest", "LOF", "OCSVM", "KNN" };

    /// <summary>The scikit-learn baselines of the "scikit-learn" section (KNN has its own).</summary>
    public static readonly string[] ScikitLearnFirst = { "IsolationForest", "LOF", "OCSVM" };

    /// <summary>Every method, in table order.</summary>
    public static IReadOnlyList<string> All => Ours.Append(RandomizedPca).Concat(ScikitLearn).ToList();

    /// <summary>The ML.NET estimator of <paramref name="method"/> for rows of <paramref name="features"/> values in "Features".</summary>
    /// <remarks><paramref name="overrides"/> ("Name=Value", as the CLI's --set) apply to our detectors after these settings.</remarks>
    public static IEstimator<ITransformer> Create(MLContext ml, string method, int features, int seed, bool quick, string device, IReadOnlyList<string> overrides)
    {
        if (method == RandomizedPca)
            return ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: Math.Min(10, features - 1), ensureZeroMean: true, seed: seed);
        bool tabular = method.EndsWith(TabularSuffix, StringComparison.Ordinal);
        var detector = DetectorRegistry.Find(tabular ? method[..^TabularSuffix.Length] : method)
            ?? throw new ArgumentException($"Unknown tabular method '{method}'. Known: {string.Join(", ", Ours.Append(RandomizedPca))}.");
        int updates = quick ? 10 : 600;
        var options = tabular ? detector.CreateTabularOptions(features) : detector.CreateOptions(DetectorPreset.Fast);
        options.Seed = seed;
        options.Device = device;
        if (!tabular)
            OptionOverrides.Apply(options, SmallDataSettings.For(Math.Clamp(features / 2, 2, 16), epochs: quick ? 2 : 100, updates,
                scalarHiddenLayerSizes: quick ? "32,32" : "256,256"));
        else if (quick)
            OptionOverrides.Apply(options, new[] { "Epochs=2", "NaeIterations=10", "MpdrIterations=10", "ScalarHiddenLayerSizes=32,32" });
        OptionOverrides.Apply(options, new[] { Invariant($"ReportInterval={updates}") });
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
