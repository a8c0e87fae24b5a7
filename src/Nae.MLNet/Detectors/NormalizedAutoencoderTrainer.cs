using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Persistence;
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
        : base(environment, options)
    {
    }

    private protected override IEnergyNetwork Train(TrainingSet data, NormalizedAutoencoderOptions options, TrainingMonitor monitor,
        torch.Device device, int featureCount) =>
        TrainOrDispose(AutoencoderNetwork.Create(SettingsFromOptions.Network(options, featureCount), device),
            network => Train(network, data, options, monitor, device));

    private void Train(AutoencoderNetwork network, TrainingSet data, NormalizedAutoencoderOptions options, TrainingMonitor monitor, torch.Device device)
    {
        AutoencoderTraining.Run(network, data, SettingsFromOptions.AutoencoderPhase(options), monitor);
        // The buffer's draws come from torch's seeded generator, so the whole run follows the Fit seed.
        int seed;
        using (var draw = torch.randint(int.MaxValue, new long[] { 1 })) seed = (int)draw.item<long>();
        using var buffer = new ReplayBuffer(options.ReplayBufferSize, options.LatentDimension, options.ReplayRatio, new Random(seed), device);
        var sampler = new OnManifoldSampler(network, LatentChain(options), InputChain(options, network.Spec), buffer, device);
        NaeTraining.Run(network, data, Loop(options, Detector), Update(options), monitor, sampler, device);
    }

    /// <summary>The NAE phase's loop: NaeIterations or NaeEpochs, NaeLearningRate, reports and divergence handling.</summary>
    internal static EnergyLoopSettings Loop(NormalizedAutoencoderOptions o, DetectorInfo detector) => SettingsFromOptions.EnergyLoop(
        TrainingPhase.NormalizedAutoencoder, detector, o.NaeIterations, o.NaeEpochs, o.NaeLearningRate, o);

    /// <summary>One NAE update's temperature, γ and weight penalties.</summary>
    internal static NaeUpdateSettings Update(NormalizedAutoencoderOptions o) => new(
        o.Temperature, o.LearnTemperature, o.TemperatureLearningRate, o.NegativeEnergyPenalty, SettingsFromOptions.Penalties(o), o.BatchSize);

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

public static partial class NaeMLNetCatalog
{
    /// <summary>The Normalized Autoencoder: autoencoder pre-training, then maximum-likelihood training with on-manifold Langevin negatives.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Options; start from <see cref="NormalizedAutoencoderOptions.Fast"/> on a CPU. Validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static NormalizedAutoencoderTrainer NormalizedAutoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, NormalizedAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizedAutoencoderTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>The Normalized Autoencoder with the default <see cref="NormalizedAutoencoderOptions"/> (the authors'
    /// hyperparameters with an MLP: 50 + 50 epochs with 50-step input chains, slow on a CPU; see <see cref="NormalizedAutoencoderOptions.Fast"/>).</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="featureColumnName">The input column: a known-size vector of Single, scaled to [0, 1] for a sigmoid decoder.</param>
    /// <param name="seed">Seed of training; null derives it from the MLContext seed.</param>
    public static NormalizedAutoencoderTrainer NormalizedAutoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog,
        string featureColumnName = EnergyDetectorOptions.Defaults.FeatureColumnName, int? seed = null) =>
        catalog.NormalizedAutoencoder(new NormalizedAutoencoderOptions { FeatureColumnName = featureColumnName, Seed = seed });
}
