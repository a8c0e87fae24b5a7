using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Persistence;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet;

/// <summary>
/// Manifold Projection-Diffusion Recovery (Yoon, Jin, Noh &amp; Park, "Energy-Based Models for Anomaly Detection: A
/// Manifold Diffusion Recovery Approach", NeurIPS 2023, https://arxiv.org/abs/2310.18677). Create it with
/// <c>mlContext.AnomalyDetection.Trainers.Mpdr(MpdrOptions.Fast(MpdrEnergy.Reconstruction))</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Known-size vector of Single, scaled to [0, 1] for the default sigmoid decoder bounds.</description></item>
/// <item><term>Score</term><description>Single: the energy E_θ(x) (MPDR-R: out_scale² × reconstruction error; MPDR-S: the scalar output); higher = more anomalous.</description></item>
/// <item><term>PredictedLabel</term><description>Boolean: Score &gt; threshold.</description></item>
/// </list>
/// MPDR first trains one or more autoencoders with a spherical latent and freezes them. It then perturbs every training
/// row along the learned manifold (encode, add latent noise, decode), refines those points by two short Langevin chains
/// (latent, then input space) toward low energy, and trains the energy by recovery likelihood: the data should have
/// lower energy than its manifold-perturbed versions. No MCMC and no manifold autoencoder run at scoring time.
/// </remarks>
public sealed class MpdrTrainer : EnergyDetectorTrainer<MpdrOptions>
{
    internal MpdrTrainer(IHostEnvironment environment, MpdrOptions options)
        : base(environment, options)
    {
    }

    private protected override IEnergyNetwork Train(TrainingSet data, MpdrOptions options, TrainingMonitor monitor, torch.Device device, int featureCount)
    {
        var manifolds = new List<AutoencoderNetwork>();
        try
        {
            foreach (int latent in options.ResolveManifoldLatentDimensions())
            {
                var manifold = AutoencoderNetwork.Create(ManifoldNetwork(options, latent, featureCount), device);
                manifolds.Add(manifold);
                AutoencoderTraining.Run(manifold, data, SettingsFromOptions.AutoencoderPhase(options), monitor);
                Freeze(manifold);
            }
            var energy = CreateEnergy(options, manifolds[0], featureCount, device);
            var sampler = new ManifoldProjectionDiffusion(manifolds, Perturbation(options), LatentChain(options), VisibleChain(options));
            return TrainOrDispose(energy, e => MpdrTraining.Run(e, data, Loop(options, Detector), Update(options), monitor, sampler));
        }
        finally
        {
            foreach (var manifold in manifolds) manifold.Dispose();
        }
    }

    /// <summary>MPDR-R: a copy of the manifold autoencoder with out_scale = 1 (<c>transfer_ae</c>); MPDR-S: a fresh scalar network.</summary>
    internal static IEnergyNetwork CreateEnergy(MpdrOptions options, AutoencoderNetwork manifold, int featureCount, torch.Device device)
    {
        IEnergyNetwork energy;
        if (options.IsScalar)
        {
            var spec = new NetworkSpec(featureCount, 1, options.ImageShape is null ? (int[])options.ResolveScalarHiddenLayerSizes().Clone() : Array.Empty<int>(),
                options.ImageShape, false, DecoderOutput.Linear, EnergyKind.Scalar);
            energy = new ScalarEnergyNetwork(spec);
        }
        else
        {
            var reconstruction = new ScaledReconstructionEnergy(manifold.Spec with { Kind = EnergyKind.ScaledReconstruction });
            using (torch.no_grad())
            using (torch.NewDisposeScope())
            {
                var source = manifold.state_dict();
                foreach (var (name, value) in reconstruction.Autoencoder.state_dict())
                    value.copy_(source[name]);
            }
            energy = reconstruction;
        }
        energy.Module.to(device);
        foreach (var p in energy.Module.parameters()) p.requires_grad_(true);
        return energy;
    }

    internal static PerturbationSettings Perturbation(MpdrOptions o) =>
        new(o.PerturbationNoiseMin, o.PerturbationNoiseMax, o.RecoveryWeight, o.RecoveryDistance, o.Temperature, o.RecoveryScaling);

    internal static LangevinSettings LatentChain(MpdrOptions o) => new(
        o.ResolveLatentChainSteps(), o.ResolveLatentChainStepSize(), o.LatentChainNoise, AnnealNoise: false,
        GradientClip: null, GradientClipMode.ElementWise, ChainBound.Sphere, o.LatentChainTemperature,
        TangentProjection: true, NormalizeGradient: o.LatentChainNormalizeGradient);

    internal static LangevinSettings VisibleChain(MpdrOptions o) => new(
        o.VisibleChainSteps, o.VisibleChainStepSize, o.VisibleChainNoise, AnnealNoise: false,
        GradientClip: null, GradientClipMode.ElementWise, ChainBound.FromLimits(o.ResolveVisibleBounds()), Temperature: 1.0);

    /// <summary>The MPDR phase's loop: MpdrIterations or MpdrEpochs, the energy's learning rate, reports and divergence handling.</summary>
    internal static EnergyLoopSettings Loop(MpdrOptions o, DetectorInfo detector) => SettingsFromOptions.EnergyLoop(
        TrainingPhase.Mpdr, detector, o.MpdrIterations, o.MpdrEpochs, o.ResolveLearningRate(), o);

    /// <summary>One MPDR update's penalties.</summary>
    internal static MpdrUpdateSettings Update(MpdrOptions o) => new(
        o.NegativeReconstructionPenalty, o.EnergyEncoderL2Penalty, o.EnergySquarePenalty, o.EnergyL2Penalty, o.BatchSize,
        OutScaleRateRatio: (o.OutScaleLearningRate ?? o.ResolveLearningRate()) / o.ResolveLearningRate());

    /// <summary>A manifold autoencoder of the given latent size: the shared network options with a spherical latent.</summary>
    internal static NetworkSpec ManifoldNetwork(MpdrOptions options, int latent, int featureCount) =>
        SettingsFromOptions.Network(options, featureCount) with { LatentDimension = latent, SphericalLatent = true };

    /// <summary>The manifold autoencoder is frozen after pre-training: no gradient, not in any optimizer, eval mode.</summary>
    internal static void Freeze(AutoencoderNetwork manifold)
    {
        foreach (var p in manifold.parameters()) p.requires_grad_(false);
        manifold.eval();
    }
}

public static partial class NaeMLNetCatalog
{
    /// <summary>Manifold Projection-Diffusion Recovery: frozen manifold autoencoder(s), then recovery-likelihood training of an MPDR-R or MPDR-S energy.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Options; start from <see cref="MpdrOptions.Fast"/> on a CPU. Validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static MpdrTrainer Mpdr(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, MpdrOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MpdrTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>MPDR with the default <see cref="MpdrOptions"/> for <paramref name="energy"/> (the authors' hyperparameters
    /// with an MLP: 50 + 60 epochs, slow on a CPU; see <see cref="MpdrOptions.Fast"/>).</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="featureColumnName">The input column: a known-size vector of Single, scaled to [0, 1] for a sigmoid decoder.</param>
    /// <param name="energy">MPDR-R (reconstruction) or MPDR-S (scalar).</param>
    /// <param name="seed">Seed of training; null derives it from the MLContext seed.</param>
    public static MpdrTrainer Mpdr(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog,
        string featureColumnName = EnergyDetectorOptions.Defaults.FeatureColumnName, MpdrEnergy energy = MpdrEnergy.Reconstruction, int? seed = null) =>
        catalog.Mpdr(new MpdrOptions { FeatureColumnName = featureColumnName, Energy = energy, Seed = seed });
}
