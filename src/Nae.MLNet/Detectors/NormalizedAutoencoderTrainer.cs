using Microsoft.ML.Runtime;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet;

/// <summary>
/// The Normalized Autoencoder (Yoon, Noh &amp; Park, "Autoencoding Under Normalization Constraints", ICML 2021,
/// https://arxiv.org/abs/2105.05735). Create it with
/// <c>mlContext.AnomalyDetection.Trainers.NormalizedAutoencoder(NormalizedAutoencoderOptions.Fast())</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Known-size vector of Single, scaled to [0, 1] (NormalizeMinMax) for the default sigmoid decoder bounds.</description></item>
/// <item><term>Score</term><description>Single: the energy E(x) = mean_d (x_d − x̃_d)² through the spherical latent; higher = more anomalous.</description></item>
/// <item><term>PredictedLabel</term><description>Boolean: Score &gt; threshold.</description></item>
/// </list>
/// A plain autoencoder also reconstructs many outliers well. NAE treats the reconstruction error as the energy of a
/// normalized density p(x) = exp(−E(x)/T) / Ω and trains it by maximum likelihood: after autoencoder pre-training it
/// lowers the energy of data and raises the energy of negatives drawn from the model by Langevin MCMC (a latent chain
/// on the sphere, then an input-space chain started on the decoder's manifold). Outlier reconstruction is suppressed
/// (MNIST, digit 1 held out: AUROC .919 vs the autoencoder's .131 in the paper). No MCMC runs at scoring time.
/// </remarks>
public sealed class NormalizedAutoencoderTrainer : EnergyDetectorTrainer<NormalizedAutoencoderOptions>
{
    internal NormalizedAutoencoderTrainer(IHostEnvironment environment, NormalizedAutoencoderOptions options)
        : base(environment, options, "NormalizedAutoencoder")
    {
    }

    private protected override IEnergyNetwork Train(TrainingSet data, NormalizedAutoencoderOptions options, TrainingMonitor monitor,
        torch.Device device, int featureCount) =>
        TrainOrDispose(AutoencoderNetwork.Create(options, featureCount, device), network => Train(network, data, options, monitor, device));

    private static void Train(AutoencoderNetwork network, TrainingSet data, NormalizedAutoencoderOptions options, TrainingMonitor monitor, torch.Device device)
    {
        AutoencoderTraining.Run(network, data, options, monitor);
        // The buffer's draws come from torch's seeded generator, so the whole run follows the Fit seed.
        int seed;
        using (var draw = torch.randint(int.MaxValue, new long[] { 1 })) seed = (int)draw.item<long>();
        using var buffer = new ReplayBuffer(options.ReplayBufferSize, options.LatentDimension, options.ReplayRatio, new Random(seed), device);
        var sampler = new OnManifoldSampler(network, LatentChain(options), InputChain(options, network.Spec), buffer, device);
        NaeTraining.Run(network, data, options, monitor, sampler, device);
    }

    internal static LangevinSettings LatentChain(NormalizedAutoencoderOptions o) => new(
        o.LatentChainSteps, o.LatentChainStepSize, o.LatentChainNoise, o.LatentChainNoiseAnnealing,
        o.LatentChainGradientClip, GradientClipMode.ElementWise,
        o.SphericalLatent ? ChainBound.Sphere : ChainBound.None, o.Temperature, o.MetropolisHastings);

    internal static LangevinSettings InputChain(NormalizedAutoencoderOptions o, NetworkSpec spec)
    {
        return new LangevinSettings(o.InputChainSteps, o.InputChainStepSize, o.InputChainNoise, o.InputChainNoiseAnnealing,
            o.InputChainGradientClip, o.InputChainClipMode, ChainBound.FromLimits(o.ResolveInputBounds()), o.Temperature,
            o.MetropolisHastings, spec.ImageShape?.Width ?? 0);
    }
}
