namespace Nae.MLNet.Networks;

/// <summary>Which energy network a <see cref="NetworkSpec"/> describes (saved in the model).</summary>
internal enum EnergyKind
{
    /// <summary>Reconstruction error of an autoencoder (autoencoder and NAE).</summary>
    Reconstruction = 0,

    /// <summary>out_scale² × reconstruction error of a second autoencoder (MPDR-R).</summary>
    ScaledReconstruction = 1,

    /// <summary>A scalar network with spectral normalization and a learned output affine (MPDR-S).</summary>
    Scalar = 2,
}
