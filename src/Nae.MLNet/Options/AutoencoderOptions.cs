namespace Nae.MLNet;

/// <summary>
/// Options of the plain autoencoder detector (<see cref="AutoencoderTrainer"/>): the shared options of
/// <see cref="EnergyDetectorOptions"/>; the score is the reconstruction error E(x) = mean_d (x_d − x̃_d)².
/// </summary>
public sealed class AutoencoderOptions : EnergyDetectorOptions
{
    /// <summary>The network and budget of the first phase of <see cref="NormalizedAutoencoderOptions.Fast"/> (an MLP
    /// 784-512-256-32 with a spherical latent and a sigmoid decoder, 20 epochs at 1e-3, encoder L2 1e-4), so that
    /// autoencoder-versus-NAE comparisons are fair. Adjust FeatureColumnName, Seed and the rest as needed.</summary>
    public static AutoencoderOptions Fast() => Presets.NaePresets.WithFastAutoencoderPhase(new AutoencoderOptions());

    /// <summary>The autoencoder phase of <see cref="NormalizedAutoencoderOptions.Paper"/> (the authors' convolutional
    /// MNIST networks with a 32-d spherical latent, up to 100 epochs at 1e-4 with patience 4): the AE baseline of the
    /// NAE paper's hold-out table. Meant for a GPU (set <see cref="EnergyDetectorOptions.Device"/> to "cuda").</summary>
    public static AutoencoderOptions Paper() => Presets.NaePresets.WithPaperAutoencoderPhase(new AutoencoderOptions());

    /// <summary>The tabular preset for rows of <paramref name="featureCount"/> features scaled to [0, 1] on the training rows
    /// (<c>NormalizeMinMax</c>): a sigmoid decoder (a row outside the training range keeps its distance to the box as error),
    /// an MLP sized from the feature count, up to 100 epochs with patience 10.
    /// See docs/detectors.md, "Tabular data".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is less than 1.</exception>
    public static AutoencoderOptions Tabular(int featureCount) => Presets.TabularPresets.Autoencoder(featureCount);

    /// <summary>A deep copy of these options.</summary>
    public override AutoencoderOptions Clone() => (AutoencoderOptions)base.Clone();
}
