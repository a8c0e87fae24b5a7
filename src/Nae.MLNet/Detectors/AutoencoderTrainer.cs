using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Persistence;
using Nae.MLNet.Networks;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet;

/// <summary>
/// A plain autoencoder anomaly detector scored by reconstruction error: the baseline of every comparison, and the
/// first training phase of the energy-based detectors. Create it with
/// <c>mlContext.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { ... })</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Known-size vector of Single; scale it (NormalizeMinMax) first.</description></item>
/// <item><term>Score</term><description>Single: E(x) = mean_d (x_d − x̃_d)²; higher = more anomalous.</description></item>
/// <item><term>PredictedLabel</term><description>Boolean: Score &gt; threshold, calibrated to <see cref="EnergyDetectorOptions.FalsePositiveRate"/>.</description></item>
/// </list>
/// Autoencoders also reconstruct many outliers well (MNIST with digit 1 held out: AUROC .131 in the NAE paper);
/// the Normalized Autoencoder fixes this.
/// </remarks>
public sealed class AutoencoderTrainer : EnergyDetectorTrainer<AutoencoderOptions>
{
    internal AutoencoderTrainer(IHostEnvironment environment, AutoencoderOptions options)
        : base(environment, options)
    {
    }

    private protected override IEnergyNetwork Train(TrainingSet data, AutoencoderOptions options, TrainingMonitor monitor,
        torch.Device device, int featureCount) =>
        TrainOrDispose(AutoencoderNetwork.Create(SettingsFromOptions.Network(options, featureCount), device),
            network => AutoencoderTraining.Run(network, data, SettingsFromOptions.AutoencoderPhase(options), monitor));
}

public static partial class NaeMLNetCatalog
{
    /// <summary>A plain autoencoder detector scored by reconstruction error.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="options">Columns, network, training budget; validated here. <see cref="AutoencoderOptions.Fast"/> matches the NAE and MPDR CPU presets.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <c>ParamName</c> names it.</exception>
    public static AutoencoderTrainer Autoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AutoencoderTrainer(MlNetModelBridge.EnvironmentOf(catalog), options);
    }

    /// <summary>A plain autoencoder detector with the default <see cref="AutoencoderOptions"/>.</summary>
    /// <param name="catalog">The anomaly detection trainers catalog, <c>mlContext.AnomalyDetection.Trainers</c>.</param>
    /// <param name="featureColumnName">The input column: a known-size vector of Single.</param>
    /// <param name="seed">Seed of training; null derives it from the MLContext seed.</param>
    public static AutoencoderTrainer Autoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog,
        string featureColumnName = EnergyDetectorOptions.Defaults.FeatureColumnName, int? seed = null) =>
        catalog.Autoencoder(new AutoencoderOptions { FeatureColumnName = featureColumnName, Seed = seed });
}
