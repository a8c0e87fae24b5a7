using System.Diagnostics;
using Nae.MLNet.Errors;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// Phase 2 of <c>NAETrainerV2</c>: maximum-likelihood training of the autoencoder's energy with on-manifold MCMC
/// negatives. A fresh Adam runs over encoder and decoder (and log T when it is learned); each update draws B
/// negatives, then minimizes <see cref="NaeObjective"/> plus the L2 penalties. A <see cref="DivergenceGuard"/> watches
/// every update; the last good weights are kept at every report and restored when training diverges.
/// </summary>
internal sealed class NaeTraining
{
    private readonly AutoencoderNetwork _network;
    private readonly TrainingSet _data;
    private readonly NormalizedAutoencoderOptions _options;
    private readonly TrainingMonitor _monitor;
    private readonly OnManifoldSampler _sampler;
    private readonly TorchSharp.Modules.Parameter _logTemperature;
    private double _learningRate;

    public NaeTraining(AutoencoderNetwork network, TrainingSet data, NormalizedAutoencoderOptions options,
        TrainingMonitor monitor, OnManifoldSampler sampler, Device device)
    {
        _network = network;
        _data = data;
        _options = options;
        _monitor = monitor;
        _sampler = sampler;
        _learningRate = options.NaeLearningRate;
        _logTemperature = new TorchSharp.Modules.Parameter(torch.tensor((float)Math.Log(options.Temperature), device: device), requires_grad: options.LearnTemperature);
        _logTemperature.DetachFromDisposeScope();
    }

    public double Temperature => Math.Exp(_logTemperature.item<float>());

    public void Run()
    {
        long rows = _data.Train.shape[0];
        int batchesPerPass = (int)((rows + _options.BatchSize - 1) / _options.BatchSize);
        long total = _options.NaeIterations ?? (long)_options.NaeEpochs * batchesPerPass;
        int interval = _options.ReportInterval ?? batchesPerPass;
        int reports = (int)((total + interval - 1) / interval);
        var guard = new DivergenceGuard(total);
        var statistics = new UpdateStatistics();
        var optimizers = CreateOptimizers();
        var snapshot = WeightSnapshot.Take(_network);
        var batches = new BatchOrder(rows, _options.BatchSize);
        int recoveries = 0;
        try
        {
            for (long update = 1; update <= total; update++)
            {
                _monitor.ThrowIfCancelled();
                var values = Update(batches, optimizers);
                string? problem = guard.Check(values["Loss"], values["PositiveEnergy"], values["NegativeEnergy"]);
                if (problem is not null)
                {
                    if (!Recover(problem, (int)((update - 1) / interval) + 1, ref recoveries, snapshot)) return;
                    DisposeAll(optimizers);
                    optimizers = CreateOptimizers();
                    guard.Reset();
                    statistics.TakeMeans();
                    continue;
                }
                statistics.Add(values);
                if (update % interval == 0 || update == total)
                {
                    Report((int)((update + interval - 1) / interval), reports, statistics);
                    snapshot.Dispose();
                    snapshot = WeightSnapshot.Take(_network);
                }
            }
        }
        finally
        {
            snapshot.Dispose();
            DisposeAll(optimizers);
            _logTemperature.Dispose();
            _network.eval();
        }
    }

    /// <summary>One NAE update on the positive batch; returns its diagnostics.</summary>
    private Dictionary<string, double> Update(BatchOrder batches, List<optim.Optimizer> optimizers)
    {
        using var scope = torch.NewDisposeScope();
        var positives = _data.Train.index_select(0, batches.Next());
        var negative = _sampler.Sample((int)positives.shape[0], Temperature);
        var clock = Stopwatch.StartNew();
        _network.train();
        foreach (var optimizer in optimizers) optimizer.zero_grad();
        var positiveEnergy = _network.Energy(positives);
        var negativeEnergy = _network.Energy(negative.Negatives);
        var loss = NaeObjective.Loss(positiveEnergy, negativeEnergy, _logTemperature.exp(), _options.NegativeEnergyPenalty);
        if (_options.EncoderL2Penalty > 0) loss = loss + _options.EncoderL2Penalty * _network.EncoderSquaredNorm();
        if (_options.DecoderL2Penalty > 0) loss = loss + _options.DecoderL2Penalty * _network.DecoderSquaredNorm();
        loss.backward();
        foreach (var optimizer in optimizers) optimizer.step();
        var values = new Dictionary<string, double>
        {
            ["Loss"] = loss.item<float>(),
            ["PositiveEnergy"] = positiveEnergy.mean().item<float>(),
            ["NegativeEnergy"] = negativeEnergy.mean().item<float>(),
            ["NegativeStartEnergy"] = EnergyOf(negative.Start),
            ["NegativeSampleMean"] = negative.Negatives.mean().item<float>(),
            ["NegativeSampleStd"] = negative.Negatives.std().item<float>(),
            ["LatentChainSeconds"] = negative.LatentChainTime.TotalSeconds,
            ["InputChainSeconds"] = negative.InputChainTime.TotalSeconds,
            ["UpdateSeconds"] = clock.Elapsed.TotalSeconds,
        };
        if (negative.InputAcceptance is double acceptance) values["InputChainAcceptance"] = acceptance;
        return values;
    }

    private double EnergyOf(Tensor x)
    {
        using var noGrad = torch.no_grad();
        return _network.Energy(x).mean().item<float>();
    }

    private void Report(int report, int reports, UpdateStatistics statistics)
    {
        var means = statistics.TakeMeans();
        double loss = means.GetValueOrDefault("Loss", double.NaN);
        means.Remove("Loss");
        means["Temperature"] = Temperature;
        means["LearningRate"] = _learningRate;
        double validation = _data.Validation is null ? double.NaN : AutoencoderTraining.MeanEnergy(_network, _data.Validation, _options.BatchSize);
        _monitor.EpochEnded(TrainingPhase.NormalizedAutoencoder, report, reports, loss, validation, means);
    }

    /// <summary>Restores the last good weights; returns true to continue training, false to stop; throws when giving up.</summary>
    private bool Recover(string problem, int report, ref int recoveries, WeightSnapshot snapshot)
    {
        string message = ErrorMessages.TrainingDiverged("NAE", report, problem);
        if (_options.DivergenceRecovery == DivergenceRecovery.Throw || (_options.DivergenceRecovery == DivergenceRecovery.ReduceLearningRate && recoveries >= _options.MaxDivergenceRecoveries))
            throw new TrainingDivergedException(message, report);
        snapshot.RestoreInto(_network);
        _sampler.ResetBuffer();
        if (_options.DivergenceRecovery == DivergenceRecovery.StopAtLastGoodWeights)
        {
            _monitor.Warning(message + " Training stopped at the last good weights.");
            return false;
        }
        recoveries++;
        _learningRate /= 10;
        _monitor.Warning(message + FormattableString.Invariant($" Restored the last good weights; continuing with learning rate {_learningRate:G3} (recovery {recoveries} of {_options.MaxDivergenceRecoveries})."));
        return true;
    }

    private List<optim.Optimizer> CreateOptimizers()
    {
        var optimizers = new List<optim.Optimizer> { torch.optim.Adam(_network.parameters(), _learningRate) };
        if (_options.LearnTemperature)
            optimizers.Add(torch.optim.Adam(new[] { _logTemperature }, _options.TemperatureLearningRate));
        return optimizers;
    }

    private static void DisposeAll(List<optim.Optimizer> optimizers)
    {
        foreach (var optimizer in optimizers) optimizer.Dispose();
    }
}
