using System.Globalization;
using Microsoft.ML;

namespace Nae.MLNet.AutoML;

/// <summary>How a trial ended.</summary>
public enum AnomalyTrialStatus
{
    /// <summary>Trained, scored and eligible for selection.</summary>
    Completed,

    /// <summary>Trained, but a guard excluded it from selection (see <see cref="AnomalyTrialResult.GuardFailures"/>).</summary>
    Rejected,

    /// <summary>Threw (see <see cref="AnomalyTrialResult.Exception"/>).</summary>
    Failed,

    /// <summary>Stopped by the time budget or the caller's cancellation before it finished.</summary>
    Cancelled,

    /// <summary>Stopped because the process's memory went over <see cref="AnomalyExperiment.SetMaximumMemoryUsageInMegaByte"/>
    /// (see <see cref="AnomalyTrialResult.GuardFailures"/> for the peak).</summary>
    MemoryLimit,
}

/// <summary>One trial: which detector with which options, how it ended, its selection value and how long it took.</summary>
public sealed class AnomalyTrialResult
{
    internal AnomalyTrialResult(int trialId, string detector, Parameter parameter, int? fidelity, int seed)
    {
        TrialId = trialId;
        Detector = detector;
        Parameter = parameter;
        Fidelity = fidelity;
        Seed = seed;
    }

    /// <summary>The trial's number, from 0 in the order trials ran.</summary>
    public int TrialId { get; }

    /// <summary>The detector's name.</summary>
    public string Detector { get; }

    /// <summary>The swept option values.</summary>
    public Parameter Parameter { get; }

    /// <summary>The value of the detector's fidelity knob (epochs or updates), or null.</summary>
    public int? Fidelity { get; }

    /// <summary>The trial's seed (derived from the experiment seed and the trial number).</summary>
    public int Seed { get; }

    /// <summary>How the trial ended.</summary>
    public AnomalyTrialStatus Status { get; internal set; }

    /// <summary>The selection value (higher is better): the validation metric with labels, the synthetic-anomaly AUROC
    /// without; NaN when the trial did not complete.</summary>
    public double Metric { get; internal set; } = double.NaN;

    /// <summary>The selection value on each cross-validation fold (<see cref="AnomalyExperiment.SetDataset(IDataView, int)"/>),
    /// whose mean is <see cref="Metric"/>; one value without cross-validation, empty when the trial did not complete.</summary>
    public IReadOnlyList<double> FoldMetrics { get; internal set; } = Array.Empty<double>();

    /// <summary>Validation AUROC against the labels, when the experiment has them.</summary>
    public double? ValidationAuroc { get; internal set; }

    /// <summary>Label-free criteria by name (e.g. "SyntheticAuroc.global").</summary>
    public IReadOnlyDictionary<string, double> Criteria { get; internal set; } = new Dictionary<string, double>();

    /// <summary>Why a guard rejected the trial (empty otherwise).</summary>
    public IReadOnlyList<string> GuardFailures { get; internal set; } = Array.Empty<string>();

    /// <summary>Wall time of Fit and scoring.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>The trial's peak resident memory (managed and native), MiB: on Linux the kernel's high-water mark, reset
    /// when the trial starts; elsewhere the largest working set sampled every 50 ms.</summary>
    public double PeakMemoryMegabytes { get; internal set; }

    /// <summary>What a failed trial threw.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>The fitted detector (featurizer not included) while the experiment keeps it; null once released.</summary>
    internal ITransformer? Model { get; set; }

    /// <summary>The trial's scores of the held-out normal validation rows (for the ensemble's calibration).</summary>
    internal float[]? NormalScores { get; set; }

    /// <summary>One line: detector, status, metric, duration and the options.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"#{TrialId} {Detector} {Status} metric {Metric:F4} in {Duration.TotalSeconds:F1} s ({Parameter}{(Fidelity is int f ? $"; fidelity {f}" : "")})");
}
