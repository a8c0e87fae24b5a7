namespace Nae.MLNet.AutoML;

/// <summary>The next trial: which detector (an index into the experiment's detectors) with which options, and at which
/// fidelity (null: the detector's full budget, <see cref="FidelityKnob.Init"/>).</summary>
public sealed record TrialProposal(int DetectorIndex, Parameter Parameter, int? Fidelity = null);

/// <summary>Proposes trials from the history of the ones that ran (as AutoML's ITuner).</summary>
public interface ITuner
{
    /// <summary>Called once, before the first proposal, with the detectors bound to the data's feature count.</summary>
    void Initialize(IReadOnlyList<SweepableDetector> detectors, int seed);

    /// <summary>The next trial, or null when there is nothing left to try.</summary>
    TrialProposal? Propose(IReadOnlyList<AnomalyTrialResult> history);
}

/// <summary>
/// Starts with a portfolio: every detector at its search space's start (the benchmark's known-good settings), cheapest
/// first, so that a trial finishes early whatever the budget; then hands over to <see cref="ProposeNext"/>.
/// </summary>
public abstract class PortfolioFirstTuner : ITuner
{
    private Queue<int> _portfolio = new();

    /// <summary>The detectors, bound to the data.</summary>
    protected IReadOnlyList<SweepableDetector> Detectors { get; private set; } = Array.Empty<SweepableDetector>();

    /// <summary>The tuner's own random source, seeded from the experiment.</summary>
    protected Random Random { get; private set; } = new(0);

    /// <inheritdoc/>
    public void Initialize(IReadOnlyList<SweepableDetector> detectors, int seed)
    {
        Detectors = detectors;
        Random = new Random(seed);
        _portfolio = new Queue<int>(Enumerable.Range(0, detectors.Count).OrderBy(i => detectors[i].RelativeCost).ThenBy(i => i));
    }

    /// <inheritdoc/>
    public TrialProposal? Propose(IReadOnlyList<AnomalyTrialResult> history) => _portfolio.TryDequeue(out int next)
        ? new TrialProposal(next, Detectors[next].SearchSpace.Init)
        : ProposeNext(history);

    /// <summary>The proposal after the portfolio.</summary>
    protected abstract TrialProposal? ProposeNext(IReadOnlyList<AnomalyTrialResult> history);

    /// <summary>A parameter of detector <paramref name="index"/> not tried yet (a few draws of <paramref name="draw"/>), else the last draw.</summary>
    protected Parameter Fresh(int index, IReadOnlyList<AnomalyTrialResult> history, Func<Parameter> draw)
    {
        var tried = history.Where(t => t.Detector == Detectors[index].Name).Select(t => t.Parameter.ToString()).ToHashSet();
        var candidate = draw();
        for (int attempt = 0; attempt < 10 && tried.Contains(candidate.ToString()); attempt++) candidate = draw();
        return candidate;
    }
}

/// <summary>The portfolio, then uniformly random detectors and options.</summary>
public sealed class RandomSearchTuner : PortfolioFirstTuner
{
    /// <inheritdoc/>
    protected override TrialProposal? ProposeNext(IReadOnlyList<AnomalyTrialResult> history)
    {
        int index = Random.Next(Detectors.Count);
        return new TrialProposal(index, Fresh(index, history, () => Detectors[index].SearchSpace.Sample(Random)));
    }
}

/// <summary>
/// The default: the portfolio, then a cost-aware local search. Each detector keeps a floor share of the trials (no
/// detector starves); otherwise the detector with the best value per unit of cost is refined most often. Within a
/// detector, four proposals in five step from its best point in the unit cube (a Gaussian step that halves after two
/// proposals without improvement, as CFO's does), one in five is uniformly random.
/// </summary>
public sealed class CostFrugalTuner : PortfolioFirstTuner
{
    private const double InitialStep = 0.25, SmallestStep = 0.02;
    private readonly double _minimumShare;
    private readonly Dictionary<string, (double Step, int Misses, double Best)> _state = new();
    private readonly HashSet<int> _learned = new();

    /// <summary>A tuner that gives each detector at least <paramref name="minimumShare"/> of the trials.</summary>
    /// <param name="minimumShare">Floor share per detector, 0 ≤ share ≤ 1 / detectors (default 0.15).</param>
    public CostFrugalTuner(double minimumShare = 0.15) => _minimumShare = minimumShare;

    /// <inheritdoc/>
    protected override TrialProposal? ProposeNext(IReadOnlyList<AnomalyTrialResult> history)
    {
        foreach (var result in history) Learn(result);
        int index = ChooseDetector(history);
        var detector = Detectors[index];
        var best = history.Where(t => t.Detector == detector.Name && t.Status == AnomalyTrialStatus.Completed).MaxBy(t => t.Metric);
        if (best is null || Random.NextDouble() < 0.2)
            return new TrialProposal(index, Fresh(index, history, () => detector.SearchSpace.Sample(Random)));
        double step = _state.TryGetValue(detector.Name, out var s) ? s.Step : InitialStep;
        var origin = detector.SearchSpace.PointOf(best.Parameter);
        return new TrialProposal(index, Fresh(index, history, () =>
            detector.SearchSpace.At(origin.Select(u => Math.Clamp(u + step * Random.NextGaussian(), 0, 1 - 1e-9)).ToArray())));
    }

    private int ChooseDetector(IReadOnlyList<AnomalyTrialResult> history)
    {
        int total = history.Count + 1;
        var counts = Enumerable.Range(0, Detectors.Count).Select(i => history.Count(t => t.Detector == Detectors[i].Name)).ToArray();
        int starved = Enumerable.Range(0, Detectors.Count).Where(i => counts[i] < _minimumShare * total).OrderBy(i => counts[i]).DefaultIfEmpty(-1).First();
        if (starved >= 0) return starved;
        var value = Enumerable.Range(0, Detectors.Count).Select(i =>
        {
            var completed = history.Where(t => t.Detector == Detectors[i].Name && t.Status == AnomalyTrialStatus.Completed).ToList();
            return completed.Count == 0 ? double.NegativeInfinity : completed.Max(t => t.Metric) - 0.002 * Detectors[i].RelativeCost;
        }).ToArray();
        int leader = Array.IndexOf(value, value.Max());
        return Random.NextDouble() < 0.7 || Detectors.Count == 1 ? leader : Random.Next(Detectors.Count);
    }

    /// <summary>Updates the detector's step: reset when a trial improved on its best, halved after two that did not.</summary>
    private void Learn(AnomalyTrialResult result)
    {
        if (!_learned.Add(result.TrialId)) return;
        var (step, misses, best) = _state.TryGetValue(result.Detector, out var s) ? s : (InitialStep, 0, double.NegativeInfinity);
        if (result.Status == AnomalyTrialStatus.Completed && result.Metric > best) (step, misses, best) = (InitialStep, 0, result.Metric);
        else if (++misses >= 2) (step, misses) = (Math.Max(SmallestStep, step / 2), 0);
        _state[result.Detector] = (step, misses, best);
    }
}
