using System.Diagnostics;
using Microsoft.ML;

namespace Nae.MLNet.AutoML;

/// <summary>Why an experiment stopped.</summary>
public enum ExperimentStopReason
{
    /// <summary>The time budget ran out.</summary>
    TimeBudget,

    /// <summary>The maximum number of trials ran.</summary>
    MaxModels,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>The tuner had nothing left to try.</summary>
    SearchSpaceExhausted,
}

/// <summary>
/// An AutoML-style experiment over anomaly detectors (<c>mlContext.AnomalyDetection.Auto().CreateExperiment()</c>):
/// trials of the detectors' options one after another, under a hard time budget, selected on a validation split with
/// labels or by label-free criteria and guards without. Configure it with the <c>Set*</c> methods, then <see cref="Run"/>.
/// </summary>
public sealed class AnomalyExperiment
{
    private readonly AnomalyDetectionCatalog _catalog;
    private readonly MLContext _ml;
    private readonly int _seed;
    private IEstimator<ITransformer>? _featurizer;
    private IReadOnlyList<SweepableDetector> _detectors;
    private IDataView? _train, _validation, _crossValidated;
    private int _folds;
    private double? _memoryLimit;
    private string _featureColumn = EnergyDetectorOptions.Defaults.FeatureColumnName;
    private string? _labelColumn;
    private TimeSpan? _budget;
    private int? _maxModels;
    private ITuner _tuner = new CostFrugalTuner();
    private IAnomalyMonitor? _monitor;
    private UnsupervisedSelection _unsupervised = UnsupervisedSelection.Presets();
    private double _falsePositiveRate = EnergyDetectorOptions.Defaults.FalsePositiveRate;
    private string? _checkpoint;

    internal AnomalyExperiment(AnomalyDetectionCatalog catalog, int seed, IReadOnlyList<SweepableDetector> detectors)
    {
        _catalog = catalog;
        _seed = seed;
        _ml = new MLContext(seed);
        _detectors = detectors;
    }

    /// <summary>The featurizer fitted once on the training rows (its output must hold <paramref name="featureColumnName"/>,
    /// a known-size vector of Single) and the detectors to sweep (default: <see cref="AnomalyDetectionAutoCatalog.Detectors"/>).</summary>
    public AnomalyExperiment SetPipeline(IEstimator<ITransformer>? featurizer, IEnumerable<SweepableDetector>? detectors = null,
        string featureColumnName = "Features")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureColumnName);
        _featurizer = featurizer;
        _featureColumn = featureColumnName;
        if (detectors is not null)
        {
            _detectors = detectors.ToList();
            if (_detectors.Count == 0) throw new ArgumentException("An experiment needs at least one detector.", nameof(detectors));
        }
        return this;
    }

    /// <summary>Trains on <paramref name="train"/>, selects on <paramref name="validation"/>.</summary>
    public AnomalyExperiment SetDataset(IDataView train, IDataView validation)
    {
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation ?? throw new ArgumentNullException(nameof(validation));
        _crossValidated = null;
        _folds = 0;
        return this;
    }

    /// <summary>
    /// Cross-validation, as ML.NET AutoML's <c>SetDataset(data, fold)</c>: <paramref name="data"/> is split at random (the
    /// experiment's seed) into <paramref name="folds"/> parts; every trial trains once per fold (on the other parts'
    /// rows, the normal ones with labels; the featurizer is fitted per fold too) and is scored on the held-out part. Its
    /// selection value is the mean over the folds (<see cref="AnomalyTrialResult.FoldMetrics"/> holds each); the model it
    /// keeps is the first fold's, whose held-out part also calibrates thresholds and ensembles. A trial costs
    /// <paramref name="folds"/> fits: worth it on small data, where one validation split is noisy.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2.</exception>
    public AnomalyExperiment SetDataset(IDataView data, int folds)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        _crossValidated = data;
        _folds = folds;
        _train = _validation = null;
        return this;
    }

    /// <summary>Splits <paramref name="data"/> at random (the experiment's seed): <paramref name="validationFraction"/> selects, the rest trains.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1).</exception>
    public AnomalyExperiment SetDataset(IDataView data, double validationFraction = 0.2)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "validationFraction must be greater than 0 and less than 1.");
        var split = _ml.Data.TrainTestSplit(data, validationFraction, seed: _seed);
        return SetDataset(split.TrainSet, split.TestSet);
    }

    /// <summary>
    /// Cancels a trial while the process's resident memory (managed and native, libtorch's tensors included) is above
    /// <paramref name="megabytes"/> MiB; the trial stays on the leaderboard as <see cref="AnomalyTrialStatus.MemoryLimit"/>
    /// and the experiment goes on. The process's baseline (the data, the kept models) counts too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="megabytes"/> is not positive.</exception>
    public AnomalyExperiment SetMaximumMemoryUsageInMegaByte(double megabytes)
    {
        if (!(megabytes > 0)) throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, "The memory limit must be a positive number of MiB.");
        _memoryLimit = megabytes;
        return this;
    }

    /// <summary>Selects by validation AUROC against <paramref name="labelColumnName"/> (Single 1 = anomaly, Boolean or Int32);
    /// detectors train on the normal rows of the training data only.</summary>
    public AnomalyExperiment SetLabelColumn(string labelColumnName = "Label")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumnName);
        _labelColumn = labelColumnName;
        return this;
    }

    /// <summary>How to select without labels (the default when no label column is set: <see cref="UnsupervisedSelection.Presets"/>,
    /// each detector's preset averaged; <see cref="UnsupervisedSelection.Ensemble"/> ranks the trials by a label-free criterion instead).</summary>
    public AnomalyExperiment SetUnsupervisedSelection(UnsupervisedSelection selection)
    {
        _unsupervised = selection ?? throw new ArgumentNullException(nameof(selection));
        return this;
    }

    /// <summary>A hard budget: at the deadline the running trial is cancelled (Fit checks every mini-batch) and the
    /// experiment returns what completed.</summary>
    public AnomalyExperiment SetTrainingTimeInSeconds(uint seconds)
    {
        if (seconds == 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The budget must be at least 1 second.");
        _budget = TimeSpan.FromSeconds(seconds);
        return this;
    }

    /// <summary>Stops after <paramref name="count"/> trials (with no time budget, the leaderboard is then reproducible).</summary>
    public AnomalyExperiment SetMaxModelToExplore(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _maxModels = count;
        return this;
    }

    /// <summary>The false-positive rate of the selected model's (or ensemble's) threshold.</summary>
    public AnomalyExperiment SetFalsePositiveRate(double rate)
    {
        if (!(rate > 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The false-positive rate must be greater than 0 and less than 1.");
        _falsePositiveRate = rate;
        return this;
    }

    /// <summary>The default tuner: the portfolio, then a cost-aware local search with a floor share per detector.</summary>
    public AnomalyExperiment SetCostFrugalTuner(double minimumShare = 0.15) => SetTuner(new CostFrugalTuner(minimumShare));

    /// <summary>The portfolio, then random detectors and options.</summary>
    public AnomalyExperiment SetRandomSearchTuner() => SetTuner(new RandomSearchTuner());

    /// <summary>Successive halving over the fidelity knob around the current tuner (set the tuner first): brackets of η²
    /// trials at 1/η² of the largest fidelity, the best third promoted to 1/η, the best of those to the full budget.</summary>
    public AnomalyExperiment SetSuccessiveHalving(double eta = 3) => SetTuner(new SuccessiveHalvingTuner(_tuner, eta));

    /// <summary>Any tuner.</summary>
    public AnomalyExperiment SetTuner(ITuner tuner)
    {
        _tuner = tuner ?? throw new ArgumentNullException(nameof(tuner));
        return this;
    }

    /// <summary>Journals every finished trial to <paramref name="folder"/>/trials.jsonl; running the same experiment again
    /// replays the journal instead of retraining (the selected trials are retrained at the end, with their seeds).</summary>
    public AnomalyExperiment SetCheckpoint(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _checkpoint = folder;
        return this;
    }

    /// <summary>Receives each trial's start, progress and end.</summary>
    public AnomalyExperiment SetMonitor(IAnomalyMonitor monitor)
    {
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        return this;
    }

    /// <summary>Runs the experiment (see <see cref="RunAsync"/>).</summary>
    public AnomalyExperimentResult Run() => RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs trials until the budget, the trial count or the search ends, or <paramref name="cancellation"/> fires,
    /// and selects. Trials run one at a time (libtorch's random generator is process-wide).</summary>
    /// <exception cref="InvalidOperationException">No data or no stop condition was set.</exception>
    /// <exception cref="TimeoutException">The budget ended before any trial completed (the message says what the first one cost).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any trial completed.</exception>
    /// <exception cref="AggregateException">Every trial failed (the first three causes).</exception>
    public Task<AnomalyExperimentResult> RunAsync(CancellationToken cancellation = default)
    {
        if ((_train is null || _validation is null) && _crossValidated is null) throw new InvalidOperationException("Call SetDataset before Run.");
        if (_budget is null && _maxModels is null) throw new InvalidOperationException("Set a stop condition: SetTrainingTimeInSeconds or SetMaxModelToExplore.");
        return Task.Run(() => new ExperimentRun(this, cancellation).Execute(), CancellationToken.None);
    }

    /// <summary>One execution of the experiment: the trial loop and the selection.</summary>
    private sealed class ExperimentRun(AnomalyExperiment experiment, CancellationToken cancellation)
    {
        private readonly List<AnomalyTrialResult> _trials = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public AnomalyExperimentResult Execute()
        {
            var e = experiment;
            var folds = e.PrepareFolds();
            var data = folds[0].Data;
            var detectors = e._detectors.Select(d => d.Bind(data.FeatureCount)).ToList();
            e._tuner.Initialize(detectors, e._seed);
            using var deadline = e._budget is { } budget ? new CancellationTokenSource(budget) : new CancellationTokenSource();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellation);
            var selector = folds[0].Selector;
            var journal = e._checkpoint is { } folder ? new TrialJournal(folder, Header(data, detectors)) : null;
            ExperimentStopReason reason;
            while (true)
            {
                if (cancellation.IsCancellationRequested) { reason = ExperimentStopReason.Cancelled; break; }
                if (deadline.IsCancellationRequested) { reason = ExperimentStopReason.TimeBudget; break; }
                if (e._maxModels is int max && _trials.Count >= max) { reason = ExperimentStopReason.MaxModels; break; }
                var proposal = e._tuner.Propose(_trials);
                if (proposal is null) { reason = ExperimentStopReason.SearchSpaceExhausted; break; }
                var detector = detectors[proposal.DetectorIndex];
                int? fidelity = detector.Fidelity is null ? null : proposal.Fidelity ?? detector.Fidelity.Init;
                var result = journal?.Replay(_trials.Count, detector.Name, proposal.Parameter, fidelity);
                if (result is null)
                {
                    result = RunTrial(detector, proposal.Parameter, fidelity, folds, stop.Token);
                    if (result.Status != AnomalyTrialStatus.Cancelled) journal?.Append(result);
                }
                _trials.Add(result);
                e._monitor?.ReportCompletedTrial(result);
                selector.Keep(_trials);
                if (result.Status == AnomalyTrialStatus.Completed && _trials.Where(t => t.Status == AnomalyTrialStatus.Completed).MaxBy(t => t.Metric) == result)
                    e._monitor?.ReportBestTrial(result);
            }
            foreach (var trial in selector.Needed(_trials).Where(t => t.Model is null).ToList())
                Retrain(trial, detectors.First(d => d.Name == trial.Detector), folds[0]); // replayed trials have no model
            return Finish(data, selector, reason, detectors);
        }

        /// <summary>Identifies the experiment in its journal: a different seed, detector list, data shape or selection starts afresh.</summary>
        private string Header(ExperimentData data, IReadOnlyList<SweepableDetector> detectors) => FormattableString.Invariant(
            $"nae-mlnet-automl v1; seed {experiment._seed}; detectors {string.Join(",", detectors.Select(d => d.Name))}; rows {data.Train.Length}+{data.Validation.Length}x{data.FeatureCount}{(experiment._folds > 1 ? $"; folds {experiment._folds}" : "")}; labels {data.ValidationLabels is not null}; {experiment._unsupervised}");

        /// <summary>Fits a journaled trial again on the first fold with its recorded seed, so that it can be selected; the
        /// recorded selection value (a mean over the folds when cross-validating) is kept.</summary>
        private void Retrain(AnomalyTrialResult trial, SweepableDetector detector, TrialFold fold)
        {
            var context = new TrialContext(experiment._catalog.Trainers, fold.Data.FeatureColumn, fold.Data.FeatureCount, trial.Seed, trial.Fidelity, cancellation, null);
            var (metric, auroc, criteria) = (trial.Metric, trial.ValidationAuroc, trial.Criteria);
            fold.Selector.Evaluate(trial, detector.Build(context, trial.Parameter).Fit(fold.TrainView));
            (trial.Metric, trial.ValidationAuroc, trial.Criteria) = (metric, auroc, criteria);
        }

        private AnomalyTrialResult RunTrial(SweepableDetector detector, Parameter parameter, int? fidelity, IReadOnlyList<TrialFold> folds, CancellationToken stop)
        {
            int trialId = _trials.Count;
            int seed = unchecked(experiment._seed * 1_000_003 + trialId * 7919 + 17);
            var result = new AnomalyTrialResult(trialId, detector.Name, parameter, fidelity, seed);
            experiment._monitor?.ReportRunningTrial(trialId, detector.Name, parameter);
            var clock = Stopwatch.StartNew();
            var progress = experiment._monitor is { } monitor ? new TrialProgress(monitor, trialId) : null;
            using var trialStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            using var memory = new TrialMemoryMeter(experiment._memoryLimit, trialStop);
            try
            {
                var parts = new List<AnomalyTrialResult>();
                foreach (var fold in folds)
                {
                    var part = parts.Count == 0 ? result : new AnomalyTrialResult(trialId, detector.Name, parameter, fidelity, seed);
                    var context = new TrialContext(experiment._catalog.Trainers, fold.Data.FeatureColumn, fold.Data.FeatureCount, seed, fidelity, trialStop.Token, progress);
                    var model = detector.Build(context, parameter).Fit(fold.TrainView);
                    if (trialStop.IsCancellationRequested)
                    {
                        (model as IDisposable)?.Dispose(); // finished as the deadline passed: not scored, not kept
                        throw new OperationCanceledException(trialStop.Token);
                    }
                    fold.Selector.Evaluate(part, model);
                    if (part != result) fold.Selector.Release(new[] { part }); // only the first fold's model is kept
                    parts.Add(part);
                    if (part.Status != AnomalyTrialStatus.Completed) break; // a guard failed on this fold: the other folds are not trained
                }
                if (folds.Count > 1) TrialFold.Combine(result, parts, folds[0].Selector);
            }
            catch (OperationCanceledException) when (memory.Exceeded)
            {
                result.Status = AnomalyTrialStatus.MemoryLimit;
                result.GuardFailures = new[] { FormattableString.Invariant($"memory above the limit of {experiment._memoryLimit:F0} MiB (peak {memory.PeakMegabytes:F0} MiB)") };
            }
            catch (OperationCanceledException)
            {
                result.Status = AnomalyTrialStatus.Cancelled;
            }
            catch (TrainingDivergedException diverged)
            {
                result.Status = AnomalyTrialStatus.Rejected;
                result.GuardFailures = new[] { "training diverged: " + diverged.Message };
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                result.Status = AnomalyTrialStatus.Failed;
                result.Exception = error;
            }
            if (result.Status != AnomalyTrialStatus.Completed) folds[0].Selector.Release(new[] { result }); // e.g. a later fold failed
            result.Duration = clock.Elapsed;
            result.PeakMemoryMegabytes = memory.PeakMegabytes;
            return result;
        }

        private AnomalyExperimentResult Finish(ExperimentData data, TrialSelector selector, ExperimentStopReason reason, IReadOnlyList<SweepableDetector> detectors)
        {
            var completed = _trials.Where(t => t.Status == AnomalyTrialStatus.Completed).ToList();
            if (completed.Count == 0)
            {
                selector.Release(_trials);
                if (reason == ExperimentStopReason.Cancelled) throw new OperationCanceledException("The experiment was cancelled before any trial completed.", cancellation);
                if (reason == ExperimentStopReason.TimeBudget)
                    throw new TimeoutException(TimeoutMessage());
                var failures = _trials.Where(t => t.Exception is not null).Select(t => t.Exception!).Take(3).ToList();
                if (failures.Count > 0) throw new AggregateException("Every trial failed; the first causes follow.", failures);
                throw new InvalidOperationException("No trial completed: every trial was rejected by a guard: " +
                    string.Join("; ", _trials.SelectMany(t => t.GuardFailures).Distinct().Take(3)));
            }
            return selector.Select(_trials, reason, experiment._falsePositiveRate, _clock.Elapsed);
        }

        private string TimeoutMessage()
        {
            var first = _trials.FirstOrDefault();
            string cost = first is null ? "no trial started" : FormattableString.Invariant(
                $"the first trial ({first.Detector}) ran {first.Duration.TotalSeconds:F1} s without finishing");
            double suggested = first is null ? 60 : Math.Ceiling(first.Duration.TotalSeconds * 3 / 10) * 10;
            return FormattableString.Invariant($"The time budget of {experiment._budget!.Value.TotalSeconds:F0} s ended before any trial completed: {cost}. ") +
                FormattableString.Invariant($"A budget of about {Math.Max(suggested, experiment._budget.Value.TotalSeconds * 3):F0} s would let it finish; or lower the fidelity, or drop the slower detectors.");
        }
    }

    /// <summary>The training and validation parts the trials run on: one pair, or one per cross-validation fold.</summary>
    private IReadOnlyList<TrialFold> PrepareFolds()
    {
        var ensembleNames = _detectors.Where(d => d.JoinsEnsembles).Select(d => d.Name).ToHashSet();
        TrialFold Fold(IDataView train, IDataView validation)
        {
            var data = ExperimentData.Prepare(_ml, train, validation, _featurizer, _featureColumn, _labelColumn, _seed);
            return new TrialFold(data, new TrialSelector(data, _unsupervised, ensembleNames));
        }
        if (_crossValidated is null) return new[] { Fold(_train!, _validation!) };
        var folds = new List<TrialFold>();
        foreach (var (split, index) in _ml.Data.CrossValidationSplit(_crossValidated, _folds, seed: _seed).Select((s, i) => (s, i + 1)))
        {
            try
            {
                folds.Add(Fold(split.TrainSet, split.TestSet));
            }
            catch (ArgumentException e)
            {
                string reason = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
                throw new ArgumentException($"Fold {index} of {_folds}: {reason} Use fewer folds, or SetDataset(train, validation).", e.ParamName, e);
            }
            if (folds[^1].Data.FeatureCount != folds[0].Data.FeatureCount)
                throw new ArgumentException($"The featurizer gives {folds[^1].Data.FeatureCount} features on fold {index} of {_folds} but {folds[0].Data.FeatureCount} on fold 1 " +
                    "(a category missing from one fold's training rows?): use a featurizer with a fixed number of slots, or SetDataset(train, validation).");
        }
        return folds;
    }

    /// <summary>Forwards a trial's training progress to the monitor.</summary>
    private sealed class TrialProgress(IAnomalyMonitor monitor, int trialId) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => monitor.ReportTrialProgress(trialId, value);
    }
}
