using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>Milliseconds per NAE update, split as the training history splits it.</summary>
public sealed record NaeUpdateTiming(double LatentChainMs, double InputChainMs, double UpdateMs)
{
    /// <summary>The whole update.</summary>
    public double TotalMs => LatentChainMs + InputChainMs + UpdateMs;
}

/// <summary>
/// Times the library's own NAE update (<see cref="NaeTraining.Update"/> with its <see cref="OnManifoldSampler"/>) on
/// uniform rows of a given shape, outside the estimator, so that it can be compared one to one with the same update
/// written in PyTorch (Scripts/pytorch_nae_update.py) and scaled in batch size, input width and chain length.
/// </summary>
internal static class NaeUpdateTimer
{
    /// <summary>Mean timings of <paramref name="updates"/> NAE updates of shape <paramref name="config"/> after
    /// <paramref name="warmup"/> untimed ones, on uniform [0, 1] rows, seeded with <paramref name="seed"/>.</summary>
    public static NaeUpdateTiming Measure(NaeUpdateConfig config, int updates, int warmup, int seed)
    {
        torch.manual_seed(seed);
        var options = NormalizedAutoencoderOptions.Fast();
        options.HiddenLayerSizes = config.Hidden;
        options.LatentDimension = config.Latent;
        options.BatchSize = config.Batch;
        options.LatentChainSteps = config.LatentSteps;
        options.InputChainSteps = config.InputSteps;
        var device = torch.CPU;
        using var network = AutoencoderNetwork.Create(SettingsFromOptions.Network(options, config.Features), device);
        using var buffer = new ReplayBuffer(options.ReplayBufferSize, options.LatentDimension, options.ReplayRatio, new Random(seed), device);
        var sampler = new OnManifoldSampler(network, NormalizedAutoencoderTrainer.LatentChain(options),
            NormalizedAutoencoderTrainer.InputChain(options, network.Spec), buffer, device);
        using var update = new NaeTraining(network, NormalizedAutoencoderTrainer.Update(options), sampler, device);
        var optimizers = update.CreateOptimizers(options.NaeLearningRate);
        using var data = torch.rand(10_000, config.Features).DetachFromDisposeScope();
        double latent = 0, input = 0, step = 0;
        for (int u = 0; u < warmup + updates; u++)
        {
            using var scope = torch.NewDisposeScope();
            var positives = data.index_select(0, torch.randint(0, 10_000, new long[] { config.Batch }));
            var values = update.Update(positives, optimizers);
            if (u < warmup) continue;
            latent += values["LatentChainSeconds"];
            input += values["InputChainSeconds"];
            step += values["UpdateSeconds"];
        }
        foreach (var optimizer in optimizers) optimizer.Dispose();
        return new NaeUpdateTiming(1000 * latent / updates, 1000 * input / updates, 1000 * step / updates);
    }
}
