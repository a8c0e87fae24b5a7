namespace Nae.MLNet;

/// <summary>The phase of training a progress report or history entry belongs to.</summary>
public enum TrainingPhase
{
    /// <summary>Plain autoencoder training by reconstruction error (the whole of <see cref="AutoencoderTrainer"/>,
    /// and the pre-training phase of the energy-based detectors).</summary>
    Autoencoder,

    /// <summary>Maximum-likelihood training of the Normalized Autoencoder with MCMC negatives.</summary>
    NormalizedAutoencoder,

    /// <summary>Recovery-likelihood training of an MPDR energy.</summary>
    Mpdr,
}
