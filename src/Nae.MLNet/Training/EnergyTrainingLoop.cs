using Nae.MLNet.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>How long an energy-based phase runs, how often it reports, and how it handles divergence.</summary>
internal sealed record EnergyLoopSettings(
    TrainingPhase Phase,
    string PhaseName,
    int? Iterations,
    int Epochs,
    int BatchSize,
    int? ReportInterval,
    double LearningRate,
    DivergenceRecovery Recovery,
    int MaxRecoveries,
    double AveragingFraction = 0,
    double DecayFraction = 0,
    double FinalRateFactor = 1);

/// <summary>
/// The loop shared by NAE and MPDR training: mini-batches over repeated passes, one <see cref="IEnergyUpdate"/> per
/// batch, cancellation every update, a <see cref="DivergenceGuard"/> on every update, a report (history, IProgress,
/// log) every interval with a <see cref="CollapseGuard"/> on it, and the last good weights kept at every report and
/// restored when training diverges or collapses. A <see cref="LearningRateSchedule"/> may lower the rate over the last
/// updates. With an averaging fraction, the parameters of the last updates are
/// averaged (<see cref="WeightAverage"/>) and the mean becomes the trained weights, reported once more.
/// </summary>
internal sealed class EnergyTrainingLoop
{
    private readonly IEnergyUpdate _step;
    private readonly TrainingSet _data;
    private readonly EnergyLoopSettings _settings;
    private readonly TrainingMonitor _monitor;
    private double _learningRate;
    private double _rateFactor = 1;
    private int _recoveries;

    public EnergyTrainingLoop(IEnergyUpdate step, TrainingSet data, EnergyLoopSettings settings, TrainingMonitor monitor)
    {
        _step = step;
        _data = data;
        _settings = settings;
        _monitor = monitor;
        _learningRate = settings.LearningRate;
    }

    public void Run()
    {
        long rows = _data.Train.shape[0];
        int batchesPerPass = (int)((rows + _settings.BatchSize - 1) / _settings.BatchSize);
        long total = _settings.Iterations ?? (long)_settings.Epochs * batchesPerPass;
        int interval = _settings.ReportInterval ?? batchesPerPass;
        int reports = (int)((total + interval - 1) / interval);
        var guard = new DivergenceGuard(total);
        var collapse = new CollapseGuard(_step.NonNegativeEnergy);
        var statistics = new UpdateStatistics();
        using var batches = new BatchOrder(rows, _settings.BatchSize);
        var optimizers = _step.CreateOptimizers(_learningRate);
        var snapshot = WeightSnapshot.Take(_step.Trained);
        using var average = new WeightAverage();
        var schedule = new LearningRateSchedule(total, _settings.DecayFraction, _settings.FinalRateFactor);
        long averageFrom = total - (long)Math.Round(_settings.AveragingFraction * total) + 1;
        try
        {
            for (long update = 1; update <= total; update++)
            {
                _monitor.ThrowIfCancelled();
                Dictionary<string, double> values;
                _rateFactor = schedule.Factor(update);
                foreach (var optimizer in optimizers) optimizer.RateFactor = _rateFactor;
                using (var scope = torch.NewDisposeScope())
                    values = _step.Update(_data.Train.index_select(0, batches.Next()), optimizers);
                int report = (int)((update + interval - 1) / interval);
                string? problem = guard.Check(values["Loss"], values["PositiveEnergy"], values["NegativeEnergy"]);
                bool collapsed = false;
                if (problem is null)
                {
                    statistics.Add(values);
                    if (update >= averageFrom) average.Add(_step.Trained);
                    if (update % interval == 0 || update == total)
                    {
                        problem = Report(report, reports, statistics, collapse);
                        collapsed = problem is not null;
                        if (!collapsed)
                        {
                            snapshot.Dispose();
                            snapshot = WeightSnapshot.Take(_step.Trained);
                        }
                    }
                }
                if (problem is not null)
                {
                    if (!Recover(problem, report, snapshot, collapsed)) return;
                    average.Reset();
                    DisposeAll(optimizers);
                    optimizers = _step.CreateOptimizers(_learningRate);
                    guard.Reset();
                    statistics.TakeMeans();
                }
            }
            if (average.Count > 0) ApplyAverage(average, reports);
        }
        finally
        {
            snapshot.Dispose();
            DisposeAll(optimizers);
            _step.Trained.eval();
        }
    }

    /// <summary>Reports the means of the interval's updates and the held-out energy; returns why the energy collapsed, or null.</summary>
    private string? Report(int report, int reports, UpdateStatistics statistics, CollapseGuard collapse)
    {
        var means = statistics.TakeMeans();
        double loss = means.GetValueOrDefault("Loss", double.NaN);
        means.Remove("Loss");
        var (validation, spread) = Measure(means);
        _monitor.EpochEnded(_settings.Phase, report, reports, loss, validation, means);
        return collapse.Check(means.GetValueOrDefault("PositiveEnergy", double.NaN), means.GetValueOrDefault("NegativeEnergy", double.NaN), spread);
    }

    /// <summary>Makes the averaged weights the trained ones and reports them (held-out energy, check set, "AveragedUpdates").</summary>
    private void ApplyAverage(WeightAverage average, int reports)
    {
        average.ApplyTo(_step.Trained);
        var metrics = new Dictionary<string, double> { ["AveragedUpdates"] = average.Count };
        var (validation, _) = Measure(metrics);
        _monitor.Info(FormattableString.Invariant($"{_settings.PhaseName}: the weights of the last {average.Count} updates were averaged into the model."));
        _monitor.EpochEnded(_settings.Phase, reports, reports, double.NaN, validation, metrics);
    }

    /// <summary>Adds the step's own values, the learning rate, the held-out energy's spread and the check set's metrics to
    /// <paramref name="means"/>; returns the mean and the spread of the held-out energy (NaN without held-out rows).</summary>
    private (double Validation, double Spread) Measure(Dictionary<string, double> means)
    {
        foreach (var (name, value) in _step.ReportValues()) means[name] = value;
        means["LearningRate"] = _learningRate * _rateFactor;
        double validation = double.NaN, spread = double.NaN;
        if (_data.Validation is not null)
        {
            var energies = _step.Energies(_data.Validation);
            validation = energies.Average(e => (double)e);
            spread = Math.Sqrt(energies.Average(e => (e - validation) * (e - validation)));
            means["ValidationEnergySpread"] = spread;
        }
        if (_data.Check is { } check)
            foreach (var (name, value) in check.Measure(_step.Energies)) means[name] = value;
        return (validation, spread);
    }

    /// <summary>Restores the last good weights; returns true to continue training, false to stop; throws when giving up
    /// (a collapse that the lower rates did not cure stops at the last good weights instead: the model before the collapse).</summary>
    private bool Recover(string problem, int report, WeightSnapshot snapshot, bool collapse)
    {
        string message = ErrorMessages.TrainingDiverged(_settings.PhaseName, report, problem);
        bool exhausted = _settings.Recovery == DivergenceRecovery.ReduceLearningRate && _recoveries >= _settings.MaxRecoveries;
        if (_settings.Recovery == DivergenceRecovery.Throw || (exhausted && !collapse))
            throw new TrainingDivergedException(message, report);
        snapshot.RestoreInto(_step.Trained);
        _step.AfterRestore();
        if (_settings.Recovery == DivergenceRecovery.StopAtLastGoodWeights || exhausted)
        {
            _monitor.Warning(message + " Training stopped at the last good weights.");
            return false;
        }
        _recoveries++;
        _learningRate /= 10;
        _monitor.Warning(message + FormattableString.Invariant(
            $" Restored the last good weights; continuing with learning rate {_learningRate:G3} (recovery {_recoveries} of {_settings.MaxRecoveries})."));
        return true;
    }

    private static void DisposeAll(List<AdamOptimizer> optimizers)
    {
        foreach (var optimizer in optimizers) optimizer.Dispose();
    }
}
