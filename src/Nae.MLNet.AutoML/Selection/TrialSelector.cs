using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.AutoML;

/// <summary>
/// Scores each trial on the validation rows and decides what the experiment keeps: with labels, the validation AUROC;
/// without, the mean AUROC of held-out rows against three kinds of synthetic anomalies, after guards (finite scores, a
/// score spread on held-out rows, uniform noise in the training box ranked above them). Only the models that can still
/// be selected stay alive; the others are disposed as soon as they are scored.
/// </summary>
internal sealed class TrialSelector(ExperimentData data, UnsupervisedSelection unsupervised, IReadOnlySet<string> ensembleDetectors)
{
    private bool Labelled => data.ValidationLabels is not null;

    public void Evaluate(AnomalyTrialResult result, ITransformer model)
    {
        result.Model = model;
        var scores = Scores(model, data.Validation);
        var failures = new List<string>();
        int nonFinite = scores.Count(s => !double.IsFinite(s));
        if (nonFinite > 0) failures.Add($"non-finite scores on {nonFinite} of {scores.Length} validation rows");
        var normalScores = Labelled ? scores.Where((_, i) => !data.ValidationLabels![i]).ToArray() : scores;
        result.NormalScores = normalScores.Select(s => (float)s).ToArray();
        if (Labelled)
        {
            result.ValidationAuroc = Auroc.Compute(scores, data.ValidationLabels!);
            result.Metric = result.ValidationAuroc.Value;
        }
        else
        {
            var criteria = new Dictionary<string, double>();
            foreach (var (kind, rows) in data.Synthetic)
            {
                var synthetic = Scores(model, rows);
                criteria["SyntheticAuroc." + kind] = Auroc.Compute(normalScores.Concat(synthetic).ToArray(),
                    normalScores.Select(_ => false).Concat(synthetic.Select(_ => true)).ToArray());
            }
            result.Criteria = criteria;
            result.Metric = criteria.Values.Average();
            if (Spread(normalScores) <= 1e-12) failures.Add("the scores of held-out rows have no spread (collapsed energy)");
            if (criteria["SyntheticAuroc." + SyntheticAnomalies.Global] < 0.5)
                failures.Add(FormattableString.Invariant($"uniform noise in the training box scores as more normal than held-out rows (AUROC {criteria["SyntheticAuroc." + SyntheticAnomalies.Global]:F3})"));
        }
        result.GuardFailures = failures;
        result.FoldMetrics = new[] { result.Metric };
        result.Status = failures.Count == 0 ? AnomalyTrialStatus.Completed : AnomalyTrialStatus.Rejected;
        if (result.Status != AnomalyTrialStatus.Completed) Release(result);
    }

    /// <summary>The trials whose models the selection needs: the best, and the ensemble's members.</summary>
    public IEnumerable<AnomalyTrialResult> Needed(IReadOnlyList<AnomalyTrialResult> trials)
    {
        var members = Members(trials);
        return members.Append(Best(trials, members)).OfType<AnomalyTrialResult>().Distinct();
    }

    /// <summary>Keeps the models that can still be selected (the best, and the ensemble's members); disposes the rest.</summary>
    public void Keep(IReadOnlyList<AnomalyTrialResult> trials)
    {
        var keep = Needed(trials).ToHashSet();
        foreach (var trial in trials.Where(t => t.Model is not null && !keep.Contains(t))) Release(trial);
    }

    public void Release(IEnumerable<AnomalyTrialResult> trials)
    {
        foreach (var trial in trials) Release(trial);
    }

    public AnomalyExperimentResult Select(IReadOnlyList<AnomalyTrialResult> trials, ExperimentStopReason reason, double falsePositiveRate, TimeSpan elapsed)
    {
        Keep(trials);
        var members = Members(trials);
        var best = Best(trials, members)!;
        var bestModel = best.Model is EnergyAnomalyTransformer detector ? detector.WithFalsePositiveRate(falsePositiveRate) : best.Model!;
        ITransformer? ensemble = null;
        if (members.Count >= 2)
        {
            var transformers = members.Select(m => (EnergyAnomalyTransformer)m.Model!).ToList();
            ensemble = WithFeaturizer(ScoreEnsembleTransformer.Create(transformers, data.View(data.ValidationNormals), falsePositiveRate));
        }
        string basis = Basis(best, members, ensemble is not null);
        var kept = trials.Where(t => t.Model is not null).Select(t => t.Model!).Append(bestModel).Distinct().ToList();
        return new AnomalyExperimentResult(Leaderboard(trials), best, WithFeaturizer(bestModel), ensemble, basis, reason, elapsed, kept, data.FeatureColumn, data.FeatureCount);
    }

    private ITransformer WithFeaturizer(ITransformer detector) => data.Featurizer is null
        ? detector
        : new TransformerChain<ITransformer>(data.Featurizer, detector);

    /// <summary>The single pick: the best metric; for <see cref="UnsupervisedSelection.Presets"/> no criterion ranks the
    /// trials, so it is the first of the <paramref name="members"/> (each detector's preset), or, when no preset completed,
    /// the first completed trial — what is left when a budget lets only one preset finish.</summary>
    private AnomalyTrialResult? Best(IReadOnlyList<AnomalyTrialResult> trials, IReadOnlyList<AnomalyTrialResult> members)
    {
        var completed = trials.Where(t => t.Status == AnomalyTrialStatus.Completed);
        if (!Labelled && unsupervised.PresetsOnly)
            return members.FirstOrDefault() ?? completed.MinBy(t => t.TrialId);
        return completed.OrderByDescending(t => t.Metric).ThenBy(t => t.Duration).FirstOrDefault();
    }

    /// <summary>What the selection rests on, in words (<see cref="AnomalyExperimentResult.SelectionBasis"/>).</summary>
    private string Basis(AnomalyTrialResult best, IReadOnlyList<AnomalyTrialResult> members, bool ensemble)
    {
        if (Labelled) return "validation AUROC (labelled; training on normal rows only)";
        string list = string.Join(", ", members.Select(m => $"#{m.TrialId} {m.Detector}"));
        string how = (ensemble, unsupervised.PresetsOnly) switch
        {
            (true, true) => $"an ensemble of the {members.Count} detectors' presets ({list}), empirical-CDF scores averaged, no criterion ranking them; the guards passed",
            (true, false) => $"an ensemble of {members.Count} trials ({list}), empirical-CDF scores averaged, chosen by synthetic-anomaly AUROC after the guards",
            (false, true) when members.Count == 1 => $"the preset of {best.Detector} (#{best.TrialId}), the only detector preset that completed and passed the guards; no criterion ranked the trials",
            (false, true) => $"no detector preset completed and passed the guards; the first completed trial (#{best.TrialId} {best.Detector}), no criterion ranking the trials",
            (false, false) => "the single trial with the best synthetic-anomaly AUROC after the guards",
        };
        return "no labels: " + how + ". Label-free selection is often no better than a sensible default (Ma et al. 2023).";
    }

    /// <summary>The ensemble's members: the top trials of Nae.MLNet detectors, at most half of them from one detector (or
    /// each detector's first trial, its preset, for <see cref="UnsupervisedSelection.Presets"/>); none with labels or for
    /// a single pick.</summary>
    private List<AnomalyTrialResult> Members(IReadOnlyList<AnomalyTrialResult> trials)
    {
        int size = Labelled ? 0 : unsupervised.EnsembleSize;
        if (size == 0) return new List<AnomalyTrialResult>();
        if (unsupervised.PresetsOnly)
            return trials.Where(t => ensembleDetectors.Contains(t.Detector)).GroupBy(t => t.Detector).Select(g => g.MinBy(t => t.TrialId)!)
                .Where(t => t.Status == AnomalyTrialStatus.Completed).OrderBy(t => t.TrialId).ToList();
        int perDetector = (size + 1) / 2;
        var members = new List<AnomalyTrialResult>();
        foreach (var trial in trials.Where(t => t.Status == AnomalyTrialStatus.Completed && ensembleDetectors.Contains(t.Detector))
                     .OrderByDescending(t => t.Metric).ThenBy(t => t.TrialId))
            if (members.Count < size && members.Count(m => m.Detector == trial.Detector) < perDetector) members.Add(trial);
        return members;
    }

    private static IReadOnlyList<AnomalyTrialResult> Leaderboard(IReadOnlyList<AnomalyTrialResult> trials) => trials
        .OrderBy(t => t.Status == AnomalyTrialStatus.Completed ? 0 : t.Status == AnomalyTrialStatus.Rejected ? 1 : 2)
        .ThenByDescending(t => double.IsNaN(t.Metric) ? double.NegativeInfinity : t.Metric).ThenBy(t => t.Duration).ToList();

    private double[] Scores(ITransformer model, IReadOnlyList<float[]> rows) =>
        model.Transform(data.View(rows)).GetColumn<float>("Score").Select(s => (double)s).ToArray();

    private static double Spread(double[] scores)
    {
        var sorted = scores.Where(double.IsFinite).OrderBy(s => s).ToArray();
        return sorted.Length < 4 ? 0 : sorted[(int)(0.75 * (sorted.Length - 1))] - sorted[(int)(0.25 * (sorted.Length - 1))];
    }

    private static void Release(AnomalyTrialResult trial)
    {
        (trial.Model as IDisposable)?.Dispose();
        trial.Model = null;
    }
}
