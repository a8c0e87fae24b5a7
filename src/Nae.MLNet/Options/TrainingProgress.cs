namespace Nae.MLNet;

/// <summary>
/// One epoch of training, as reported to <see cref="EnergyDetectorOptions.Progress"/> and kept in
/// <see cref="EnergyAnomalyTransformer.TrainingHistory"/>.
/// </summary>
/// <param name="Phase">The training phase the epoch belongs to.</param>
/// <param name="Epoch">The epoch number within its phase, starting at 1.</param>
/// <param name="TotalEpochs">The maximum number of epochs of the phase (training can stop earlier).</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's mini-batches.</param>
/// <param name="ValidationLoss">Mean energy of the validation rows after the epoch; NaN when there is no validation split.</param>
/// <param name="Elapsed">Time since <c>Fit</c> started.</param>
/// <param name="Metrics">Phase-specific diagnostics (for example mean positive and negative energy), by name.</param>
public sealed record TrainingProgress(
    TrainingPhase Phase,
    int Epoch,
    int TotalEpochs,
    double TrainingLoss,
    double ValidationLoss,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>What the divergence or collapse handling did after this report (restored the last good weights, lowered the
    /// learning rate, stopped), or null. Such a report is sent to <see cref="EnergyDetectorOptions.Progress"/> again with
    /// it set, and replaces the plain one in the history.</summary>
    public string? Warning { get; init; }

    /// <summary>A one-line summary, as written to <c>MLContext.Log</c>.</summary>
    public override string ToString()
    {
        var text = System.FormattableString.Invariant(
            $"{Phase} epoch {Epoch}/{TotalEpochs}: loss {TrainingLoss:G5}, validation {ValidationLoss:G5}, elapsed {Elapsed.TotalSeconds:F1} s");
        foreach (var (name, value) in Metrics)
            text += System.FormattableString.Invariant($", {name} {value:G5}");
        return Warning is null ? text : $"{text}. Warning: {Warning}";
    }
}
