namespace Nae.MLNet.AutoML;

/// <summary>Receives an experiment's events (as AutoML's IMonitor): each trial's start, its training progress and its end.</summary>
public interface IAnomalyMonitor
{
    /// <summary>A trial starts.</summary>
    void ReportRunningTrial(int trialId, string detector, Parameter parameter);

    /// <summary>A trial reports training progress (the detector's own per-epoch reports).</summary>
    void ReportTrialProgress(int trialId, TrainingProgress progress);

    /// <summary>A trial ended (any status).</summary>
    void ReportCompletedTrial(AnomalyTrialResult result);

    /// <summary>A trial became the best so far.</summary>
    void ReportBestTrial(AnomalyTrialResult result);
}
