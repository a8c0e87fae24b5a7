using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.AutoML;

/// <summary>An evaluation on rows the experiment never saw: AUROC with its 95 % bootstrap interval.</summary>
/// <param name="Auroc">Area under the ROC curve of the selected model's scores.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">The interval's upper end.</param>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Anomalies">Anomalies among them.</param>
public sealed record TestEvaluation(double Auroc, double Low, double High, int Rows, int Anomalies)
{
    /// <summary>"AUROC 0.912 [0.880, 0.940] on 300 rows (30 anomalies)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"AUROC {Auroc:F3} [{Low:F3}, {High:F3}] on {Rows} rows ({Anomalies} anomalies)");
}

/// <summary>
/// What an experiment found: every trial (the leaderboard, best first), the best trial and its model, the ensemble (label-
/// free selection), what the selection rested on and why the experiment stopped. Dispose it to free the kept models'
/// networks once they are saved or no longer needed.
/// </summary>
public sealed class AnomalyExperimentResult : IDisposable
{
    private readonly IReadOnlyList<ITransformer> _kept;
    private readonly string _featureColumn;

    internal AnomalyExperimentResult(IReadOnlyList<AnomalyTrialResult> trials, AnomalyTrialResult best, ITransformer bestModel, ITransformer? ensemble,
        string selectionBasis, ExperimentStopReason stopReason, TimeSpan elapsed, IReadOnlyList<ITransformer> kept, string featureColumn, int featureCount)
    {
        FeatureCount = featureCount;
        Trials = trials;
        BestTrial = best;
        BestModel = bestModel;
        Ensemble = ensemble;
        SelectionBasis = selectionBasis;
        StopReason = stopReason;
        Elapsed = elapsed;
        _kept = kept;
        _featureColumn = featureColumn;
    }

    /// <summary>The number of features the detectors saw (the featurizer's output); it decides the presets the search
    /// started from (<see cref="SweepableDetector.WideInputFeatures"/>).</summary>
    public int FeatureCount { get; }

    /// <summary>Every trial: completed ones by their selection value, then rejected, failed and cancelled ones.</summary>
    public IReadOnlyList<AnomalyTrialResult> Trials { get; }

    /// <summary>The completed trial with the best selection value.</summary>
    public AnomalyTrialResult BestTrial { get; }

    /// <summary>The best trial's model (the featurizer, then the detector, thresholded at the experiment's rate).</summary>
    public ITransformer BestModel { get; }

    /// <summary>The ensemble of label-free selection (featurizer, then a <see cref="ScoreEnsembleTransformer"/>), or null.</summary>
    public ITransformer? Ensemble { get; }

    /// <summary>The selected model: the ensemble when there is one, else the best model.</summary>
    public ITransformer Model => Ensemble ?? BestModel;

    /// <summary>What the selection rested on, in words.</summary>
    public string SelectionBasis { get; }

    /// <summary>Why the experiment stopped.</summary>
    public ExperimentStopReason StopReason { get; }

    /// <summary>Wall time of the experiment.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The selected model's AUROC on <paramref name="test"/> (never used for selection) with a 95 % bootstrap interval.</summary>
    /// <param name="test">Rows with the experiment's input columns and <paramref name="labelColumnName"/>.</param>
    /// <param name="labelColumnName">Single (1 = anomaly), Boolean or Int32.</param>
    /// <param name="seed">Seed of the bootstrap resampling.</param>
    public TestEvaluation Evaluate(IDataView test, string labelColumnName = "Label", int seed = 1)
    {
        var ml = new MLContext(seed);
        var scored = Model.Transform(ml.Transforms.Conversion.ConvertType("__label", labelColumnName, DataKind.Single).Fit(test).Transform(test));
        var scores = scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
        var labels = scored.GetColumn<float>("__label").Select(l => l > 0.5f).ToArray();
        var (low, high) = Auroc.BootstrapInterval(scores, labels, seed);
        return new TestEvaluation(AutoML.Auroc.Compute(scores, labels), low, high, scores.Length, labels.Count(l => l));
    }

    /// <summary>The leaderboard as a Markdown table (the first <paramref name="top"/> trials).</summary>
    public string ToMarkdown(int top = 20)
    {
        var text = new StringBuilder();
        text.AppendLine("| rank | trial | detector | status | metric | seconds | options | notes |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (trial, rank) in Trials.Take(top).Select((t, i) => (t, i + 1)))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rank} | {trial.TrialId} | {trial.Detector} | {trial.Status} | {(double.IsNaN(trial.Metric) ? "–" : trial.Metric.ToString("F4", CultureInfo.InvariantCulture))} | {trial.Duration.TotalSeconds:F1} | {trial.Parameter}{(trial.Fidelity is int f ? $"; fidelity {f}" : "")} | {Notes(trial)} |"));
        return text.ToString();
    }

    /// <summary>Writes every trial as CSV: trial, detector, status, metric, validation AUROC, seconds, peak MiB, options, notes.</summary>
    public void WriteCsv(string path)
    {
        var lines = new List<string> { "trial,detector,status,metric,validation_auroc,seconds,peak_mib,options,notes" };
        lines.AddRange(Trials.Select(t => string.Join(",", t.TrialId, Quote(t.Detector), t.Status,
            t.Metric.ToString("R", CultureInfo.InvariantCulture), t.ValidationAuroc?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            t.Duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture), t.PeakMemoryMegabytes.ToString("F0", CultureInfo.InvariantCulture),
            Quote(t.Parameter.ToString()), Quote(Notes(t)))));
        string temporary = path + ".tmp";
        File.WriteAllLines(temporary, lines);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Frees the kept models' networks.</summary>
    public void Dispose()
    {
        (Ensemble as IDisposable)?.Dispose();
        (BestModel as IDisposable)?.Dispose();
        foreach (var model in _kept) (model as IDisposable)?.Dispose();
    }

    private static string Notes(AnomalyTrialResult trial) =>
        trial.GuardFailures.Count > 0 ? string.Join("; ", trial.GuardFailures) : trial.Exception?.Message.Split('\n')[0] ?? "";

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
