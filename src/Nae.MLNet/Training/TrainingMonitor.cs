using System.Diagnostics;
using Microsoft.ML.Runtime;

namespace Nae.MLNet.Training;

/// <summary>Per-epoch reporting (history, IProgress, MLContext.Log), elapsed time and cancellation for one Fit.</summary>
internal sealed class TrainingMonitor
{
    private readonly IChannel? _channel;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TrainingProgress> _history = new();

    public TrainingMonitor(IChannel? channel, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        _channel = channel;
        _progress = progress;
        _cancellation = cancellation;
    }

    public IReadOnlyList<TrainingProgress> History => _history;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the user's token is cancelled; called every mini-batch.</summary>
    public void ThrowIfCancelled() => _cancellation.ThrowIfCancellationRequested();

    public void EpochEnded(TrainingPhase phase, int epoch, int totalEpochs, double trainingLoss, double validationLoss,
        IReadOnlyDictionary<string, double>? metrics = null)
    {
        var report = new TrainingProgress(phase, epoch, totalEpochs, trainingLoss, validationLoss, Elapsed,
            metrics ?? new Dictionary<string, double>());
        _history.Add(report);
        _channel?.Info(MessageSensitivity.None, "{0}", report);
        _progress?.Report(report);
    }

    public void Info(string message) => _channel?.Info(MessageSensitivity.None, "{0}", message);

    /// <summary>Logs a warning and attaches it to the last report, which is sent to the progress again (the user sees what
    /// the divergence or collapse handling did, not only the log).</summary>
    public void Warning(string message)
    {
        _channel?.Warning(MessageSensitivity.None, "{0}", message);
        if (_history.Count == 0) return;
        var flagged = _history[^1] with { Warning = message };
        _history[^1] = flagged;
        _progress?.Report(flagged);
    }
}
