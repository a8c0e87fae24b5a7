namespace Nae.MLNet;

/// <summary>The energy network an MPDR detector trains.</summary>
public enum MpdrEnergy
{
    /// <summary>MPDR-R: out_scale² × the reconstruction error of a second autoencoder, initialized as a copy of the manifold autoencoder.</summary>
    Reconstruction,

    /// <summary>MPDR-S: a scalar network with spectral normalization on its hidden layers and a learned output affine.</summary>
    Scalar,
}
