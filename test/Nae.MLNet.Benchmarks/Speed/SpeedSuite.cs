using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>One measurement: what, how long per unit, and the unit.</summary>
public sealed record SpeedRow(string Measure, double Value, string Unit);

/// <summary>
/// Speed of the CPU presets on synthetic rows of MNIST shape (uniform [0, 1]; speed does not depend on the values):
/// ms per autoencoder step, per NAE update (latent chain / input chain / parameter update, from the training
/// history's own timers), per MPDR update; scoring rows/s through Transform (batched) and PredictionEngine, as a ratio
/// measured in the same run; and the process's peak working set.
/// </summary>
public static class SpeedSuite
{
    /// <summary>Runs every public-API measurement at the sizes of <paramref name="s"/>, logging each step.</summary>
    public static IReadOnlyList<SpeedRow> Run(SpeedSettings s, TextWriter log)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(s.Rows, s.Features, seed: 1), Schema(s.Features));
        var rows = new List<SpeedRow>();

        log.WriteLine($"Autoencoder: {s.AutoencoderEpochs} epochs of {s.Rows} rows x {s.Features}");
        using var autoencoder = ml.AnomalyDetection.Trainers.Autoencoder(Budget(AutoencoderOptions.Fast(), s)).Fit(data);
        double batches = Math.Ceiling(s.Rows * 0.9 / 128.0);
        var epochs = autoencoder.TrainingHistory;
        double epochSeconds = (epochs[^1].Elapsed - epochs[0].Elapsed).TotalSeconds / Math.Max(1, epochs.Count - 1);
        if (epochs.Count == 1) epochSeconds = epochs[0].Elapsed.TotalSeconds;
        rows.Add(new("AE training step (batch 128)", 1000 * epochSeconds / batches, "ms"));

        log.WriteLine($"NAE: {s.Updates} updates");
        var naeOptions = Budget(NormalizedAutoencoderOptions.Fast(), s);
        naeOptions.NaeIterations = s.Updates;
        naeOptions.ReportInterval = s.Updates;
        using var nae = ml.AnomalyDetection.Trainers.NormalizedAutoencoder(naeOptions).Fit(data);
        var naeReport = nae.TrainingHistory.Last(h => h.Phase == TrainingPhase.NormalizedAutoencoder && h.Metrics.ContainsKey("LatentChainSeconds")).Metrics; // not the averaged model's report
        rows.Add(new("NAE update: latent chain (10 steps)", 1000 * naeReport["LatentChainSeconds"], "ms"));
        rows.Add(new("NAE update: input chain (20 steps)", 1000 * naeReport["InputChainSeconds"], "ms"));
        rows.Add(new("NAE update: parameter update", 1000 * naeReport["UpdateSeconds"], "ms"));

        foreach (var energy in new[] { MpdrEnergy.Reconstruction, MpdrEnergy.Scalar })
        {
            log.WriteLine($"MPDR ({energy}): {s.Updates} updates");
            var mpdrOptions = Budget(MpdrOptions.Fast(energy), s);
            mpdrOptions.MpdrIterations = s.Updates;
            mpdrOptions.ReportInterval = s.Updates;
            using var mpdr = ml.AnomalyDetection.Trainers.Mpdr(mpdrOptions).Fit(data);
            var report = mpdr.TrainingHistory.Last(h => h.Phase == TrainingPhase.Mpdr && h.Metrics.ContainsKey("LatentChainSeconds")).Metrics;
            double total = report["LatentChainSeconds"] + report["VisibleChainSeconds"] + report["UpdateSeconds"];
            rows.Add(new($"MPDR-{(energy == MpdrEnergy.Scalar ? "S" : "R")} update (both chains + parameter update)", 1000 * total, "ms"));
        }

        log.WriteLine("Scoring");
        var scoring = ml.Data.LoadFromEnumerable(Rows(s.ScoringRows, s.Features, seed: 2), Schema(s.Features));
        double batched = RowsPerSecond(s.ScoringRows, () => nae.Transform(scoring).GetColumn<float>("Score").Count());
        var cached = ml.Data.Cache(scoring);
        double fromCache = RowsPerSecond(s.ScoringRows, () => nae.Transform(cached).GetColumn<float>("Score").Count());
        double readOnly = RowsPerSecond(s.ScoringRows, () => ReadFeatures(cached));
        var engine = ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(nae, inputSchemaDefinition: Schema(s.Features));
        var single = Rows(s.EngineRows, s.Features, seed: 3).ToList();
        double perRow = RowsPerSecond(s.EngineRows, () => single.Sum(r => engine.Predict(r).Score));
        double ceiling = RawForwardRowsPerSecond(nae, s);
        rows.Add(new("Scoring through the raw TorchSharp forward (batches of 128, the ceiling)", ceiling, "rows/s"));
        rows.Add(new("Scoring through Transform (batches of 128), input from LoadFromEnumerable", batched, "rows/s"));
        rows.Add(new("Scoring through Transform (batches of 128), input cached in memory", fromCache, "rows/s"));
        rows.Add(new("Scoring through PredictionEngine (one row per call)", perRow, "rows/s"));
        rows.Add(new("Reading the cached feature column alone, no scoring (ML.NET's cursor cost)", readOnly, "rows/s"));
        rows.Add(new("Transform (cached input) / raw forward throughput", fromCache / ceiling, "x"));
        rows.Add(new("Transform / PredictionEngine throughput", batched / perRow, "x"));
        rows.Add(new("Peak working set of this process", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MiB"));
        return rows;
    }

    /// <summary>The same network's energy on a tensor already in memory: no IDataView, no copying, the ceiling for Transform.</summary>
    private static double RawForwardRowsPerSecond(EnergyAnomalyTransformer detector, SpeedSettings s)
    {
        var values = Rows(s.ScoringRows, s.Features, seed: 2).SelectMany(r => r.Features).ToArray();
        using var x = TorchSharp.torch.tensor(values, new long[] { s.ScoringRows, s.Features });
        return RowsPerSecond(s.ScoringRows, () => detector.Scorer.ScoreAll(x, 128).Length);
    }

    /// <summary>Walks every row's feature vector with a plain cursor: what any consumer of the data pays before scoring.</summary>
    private static double ReadFeatures(IDataView data)
    {
        var column = data.Schema["Features"];
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        double sum = 0;
        while (cursor.MoveNext())
        {
            getter(ref row);
            sum += row.GetValues()[0];
        }
        return sum;
    }

    private static T Budget<T>(T options, SpeedSettings s) where T : EnergyDetectorOptions
    {
        options.Epochs = s.AutoencoderEpochs;
        options.EarlyStoppingPatience = 0;
        options.Seed = 1;
        if (s.Features < 784)
        {
            options.HiddenLayerSizes = new[] { 32 };
            options.LatentDimension = 8;
        }
        return options;
    }

    private static double RowsPerSecond(int rows, Func<double> work)
    {
        work(); // warm-up
        var clock = Stopwatch.StartNew();
        work();
        return rows / clock.Elapsed.TotalSeconds;
    }

    private static IEnumerable<FeatureRow> Rows(int count, int features, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return new FeatureRow { Features = Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray() };
    }

    private static SchemaDefinition Schema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    /// <summary>An input row.</summary>
    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>The PredictionEngine's output row.</summary>
    public sealed class ScoreRow
    {
        public float Score { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
