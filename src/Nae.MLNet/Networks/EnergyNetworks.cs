namespace Nae.MLNet.Networks;

/// <summary>Builds the energy network a spec describes (before its weights are loaded).</summary>
internal static class EnergyNetworks
{
    public static IEnergyNetwork Create(NetworkSpec spec) => spec.Kind switch
    {
        EnergyKind.Reconstruction => new AutoencoderNetwork(spec),
        EnergyKind.ScaledReconstruction => new ScaledReconstructionEnergy(spec),
        EnergyKind.Scalar => new ScalarEnergyNetwork(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown energy kind."),
    };
}
