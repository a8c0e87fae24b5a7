namespace Nae.MLNet;

/// <summary>
/// Options of the plain autoencoder detector (<see cref="AutoencoderTrainer"/>): the shared options of
/// <see cref="EnergyDetectorOptions"/>; the score is the reconstruction error E(x) = mean_d (x_d − x̃_d)².
/// </summary>
public sealed class AutoencoderOptions : EnergyDetectorOptions
{
    /// <summary>A deep copy of these options.</summary>
    public override AutoencoderOptions Clone() => (AutoencoderOptions)base.Clone();
}
