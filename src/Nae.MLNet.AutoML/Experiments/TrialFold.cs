using Microsoft.ML;

namespace Nae.MLNet.AutoML;

/// <summary>
/// One training/validation pair a trial runs on: the experiment's only pair, or one cross-validation fold. The first
/// fold's selector keeps the models the selection needs; the other folds only score.
/// </summary>
internal sealed class TrialFold
{
    public TrialFold(ExperimentData data, TrialSelector selector)
    {
        Data = data;
        Selector = selector;
        TrainView = data.View(data.Train);
    }

    public ExperimentData Data { get; }

    public TrialSelector Selector { get; }

    /// <summary>The training rows as an IDataView (built once per experiment).</summary>
    public IDataView TrainView { get; }

    /// <summary>
    /// Folds the per-fold results into the trial's: the selection value, validation AUROC and criteria are means over the
    /// folds that ran, the guard failures are named by fold, and a failure on any fold rejects the trial (releasing the
    /// first fold's model).
    /// </summary>
    public static void Combine(AnomalyTrialResult trial, IReadOnlyList<AnomalyTrialResult> folds, TrialSelector first)
    {
        trial.FoldMetrics = folds.Select(f => f.Metric).ToArray();
        trial.Metric = folds.Average(f => f.Metric);
        if (folds.All(f => f.ValidationAuroc is not null)) trial.ValidationAuroc = folds.Average(f => f.ValidationAuroc!.Value);
        trial.Criteria = folds[0].Criteria.Keys.ToDictionary(k => k, k => folds.Average(f => f.Criteria.GetValueOrDefault(k, double.NaN)));
        trial.GuardFailures = folds.SelectMany((f, i) => f.GuardFailures.Select(g => $"fold {i + 1}: {g}")).ToList();
        if (folds.Any(f => f.Status != AnomalyTrialStatus.Completed))
        {
            trial.Status = AnomalyTrialStatus.Rejected;
            first.Release(new[] { trial });
        }
    }
}
