using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Persistence;

namespace Nae.MLNet;

/// <summary>Entry points: the detectors on <c>mlContext.AnomalyDetection.Trainers</c>, and loader registration.</summary>
public static class NaeMLNetCatalog
{
    /// <summary>A plain autoencoder detector scored by reconstruction error.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Columns, network, training budget; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static AutoencoderTrainer Autoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AutoencoderTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>The Normalized Autoencoder: autoencoder pre-training, then maximum-likelihood training with on-manifold Langevin negatives.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Options; start from <see cref="NormalizedAutoencoderOptions.Fast"/> on a CPU. Validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static NormalizedAutoencoderTrainer NormalizedAutoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, NormalizedAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizedAutoencoderTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>Manifold Projection-Diffusion Recovery: frozen manifold autoencoder(s), then recovery-likelihood training of an MPDR-R or MPDR-S energy.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Options; start from <see cref="MpdrOptions.Fast"/> on a CPU. Validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static MpdrTrainer Mpdr(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, MpdrOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MpdrTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>
    /// Registers this library's model loader with <paramref name="mlContext"/>, so that <c>mlContext.Model.Load</c>
    /// can restore Nae.MLNet detectors. Call it once on any MLContext that loads a model without having created a
    /// detector first; calling it again does nothing.
    /// </summary>
    /// <param name="mlContext">The context that will load models.</param>
    /// <returns>The same context, for chaining.</returns>
    public static MLContext RegisterNaeMLNet(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        EnergyAnomalyTransformer.RegisterLoader(mlContext);
        return mlContext;
    }
}
