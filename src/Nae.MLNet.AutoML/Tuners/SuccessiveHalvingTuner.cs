namespace Nae.MLNet.AutoML;

/// <summary>
/// Successive halving over the fidelity knob (epochs or updates), around another tuner: a bracket draws η² proposals
/// from it and runs them at 1/η² of each detector's largest fidelity, promotes the best third to 1/η, and the best of
/// those to the full fidelity; then a new bracket starts. Detectors without a fidelity knob run once, at full cost.
/// A promotion retrains from scratch (no warm start).
/// </summary>
public sealed class SuccessiveHalvingTuner : ITuner
{
    private readonly ITuner _inner;
    private readonly double _eta;
    private readonly int _rungs;
    private readonly Queue<TrialProposal> _queue = new();
    private readonly List<(int TrialId, TrialProposal Proposal)> _rung = new();
    private IReadOnlyList<SweepableDetector> _detectors = Array.Empty<SweepableDetector>();
    private int _level;

    /// <summary>Halving around <paramref name="inner"/> with reduction factor <paramref name="eta"/> over <paramref name="rungs"/> budgets.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eta"/> ≤ 1 or fewer than 2 rungs.</exception>
    public SuccessiveHalvingTuner(ITuner inner, double eta = 3, int rungs = 3)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (!(eta > 1)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be greater than 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(rungs, 2);
        _eta = eta;
        _rungs = rungs;
    }

    /// <inheritdoc/>
    public void Initialize(IReadOnlyList<SweepableDetector> detectors, int seed)
    {
        _detectors = detectors;
        _inner.Initialize(detectors, seed);
    }

    /// <inheritdoc/>
    public TrialProposal? Propose(IReadOnlyList<AnomalyTrialResult> history)
    {
        if (_queue.Count == 0 && _rung.All(r => r.TrialId < history.Count)) Advance(history);
        if (_queue.Count == 0) return null;
        var next = _queue.Dequeue();
        _rung.Add((history.Count, next)); // the experiment numbers trials in proposal order
        return next;
    }

    /// <summary>The budget of detector <paramref name="index"/> at rung <paramref name="level"/>: max · η^(level − last), at least 1.</summary>
    public int? FidelityAt(int index, int level) => _detectors[index].Fidelity is { } knob
        ? Math.Max(1, (int)Math.Round(knob.Max * Math.Pow(_eta, level - (_rungs - 1))))
        : null;

    private void Advance(IReadOnlyList<AnomalyTrialResult> history)
    {
        var finished = _rung.Select(r => (r.Proposal, Result: history[r.TrialId])).ToList();
        _rung.Clear();
        var promotable = finished.Where(f => f.Result.Status == AnomalyTrialStatus.Completed && _detectors[f.Proposal.DetectorIndex].Fidelity is not null)
            .OrderByDescending(f => f.Result.Metric).ToList();
        if (finished.Count > 0 && _level < _rungs - 1 && promotable.Count > 0)
        {
            _level++;
            int keep = Math.Max(1, (int)Math.Ceiling(finished.Count / _eta));
            foreach (var (proposal, _) in promotable.Take(keep))
                _queue.Enqueue(proposal with { Fidelity = FidelityAt(proposal.DetectorIndex, _level) });
            return;
        }
        _level = 0;
        int bracket = (int)Math.Round(Math.Pow(_eta, _rungs - 1));
        for (int i = 0; i < bracket; i++)
        {
            var proposal = _inner.Propose(history);
            if (proposal is null) break;
            _queue.Enqueue(proposal with { Fidelity = FidelityAt(proposal.DetectorIndex, 0) });
        }
    }
}
