using System.Diagnostics;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// One NAE update (phase 2 of <c>NAETrainerV2</c>): draw B negatives by on-manifold Langevin sampling, then minimize
/// <see cref="NaeObjective"/> plus the L2 penalties with Adam over encoder and decoder (and log T when it is learned).
/// <see cref="EnergyTrainingLoop"/> runs it.
/// </summary>
internal sealed class NaeTraining : IEnergyUpdate, IDisposable
{
    private readonly AutoencoderNetwork _network;
    private readonly NaeUpdateSettings _settings;
    private readonly OnManifoldSampler _sampler;
    private readonly Parameter _logTemperature;

    public NaeTraining(AutoencoderNetwork network, NaeUpdateSettings settings, OnManifoldSampler sampler, Device device)
    {
        _network = network;
        _settings = settings;
        _sampler = sampler;
        _logTemperature = new Parameter(torch.tensor((float)Math.Log(settings.Temperature), device: device), requires_grad: settings.LearnTemperature);
        _logTemperature.DetachFromDisposeScope();
    }

    /// <summary>Runs the NAE phase on <paramref name="data"/>.</summary>
    public static void Run(AutoencoderNetwork network, TrainingSet data, EnergyLoopSettings loop, NaeUpdateSettings settings,
        TrainingMonitor monitor, OnManifoldSampler sampler, Device device)
    {
        using var update = new NaeTraining(network, settings, sampler, device);
        new EnergyTrainingLoop(update, data, loop, monitor).Run();
    }

    public double Temperature => Math.Exp(_logTemperature.item<float>());

    public nn.Module Trained => _network;

    public List<AdamOptimizer> CreateOptimizers(double learningRate)
    {
        var optimizers = new List<AdamOptimizer> { new AdamOptimizer(_network.parameters(), learningRate) };
        if (_settings.LearnTemperature)
            optimizers.Add(new AdamOptimizer(new[] { _logTemperature }, _settings.TemperatureLearningRate));
        return optimizers;
    }

    public Dictionary<string, double> Update(Tensor positives, List<AdamOptimizer> optimizers)
    {
        var negative = _sampler.Sample((int)positives.shape[0], Temperature);
        var clock = Stopwatch.StartNew();
        _network.train();
        foreach (var optimizer in optimizers) optimizer.zero_grad();
        var positiveEnergy = _network.Energy(positives);
        var negativeEnergy = _network.Energy(negative.Negatives);
        var loss = AutoencoderTraining.WithWeightPenalties(
            NaeObjective.Loss(positiveEnergy, negativeEnergy, _logTemperature.exp(), _settings.NegativeEnergyPenalty), _network, _settings.Penalties);
        loss.backward();
        foreach (var optimizer in optimizers) optimizer.step();
        var values = new Dictionary<string, double>
        {
            ["Loss"] = loss.item<float>(),
            ["PositiveEnergy"] = positiveEnergy.mean().item<float>(),
            ["NegativeEnergy"] = negativeEnergy.mean().item<float>(),
            ["NegativeStartEnergy"] = EnergyStatistics.Mean(_network, negative.Start),
            ["NegativeSampleMean"] = negative.Negatives.mean().item<float>(),
            ["NegativeSampleStd"] = negative.Negatives.std().item<float>(),
            ["LatentChainSeconds"] = negative.LatentChainTime.TotalSeconds,
            ["InputChainSeconds"] = negative.InputChainTime.TotalSeconds,
            ["UpdateSeconds"] = clock.Elapsed.TotalSeconds,
        };
        if (negative.InputAcceptance is double acceptance) values["InputChainAcceptance"] = acceptance;
        return values;
    }

    public IEnumerable<KeyValuePair<string, double>> ReportValues()
    {
        yield return new("Temperature", Temperature);
    }

    public bool NonNegativeEnergy => true;

    public float[] Energies(Tensor rows) => EnergyStatistics.Energies(_network, rows, _settings.BatchSize);

    public void AfterRestore() => _sampler.ResetBuffer();

    public void Dispose() => _logTemperature.Dispose();
}
