namespace Nae.MLNet;

/// <summary>The options of an energy-based training phase (NAE, MPDR) that the shared training loop reads: reports,
/// divergence handling and weight averaging. Each options class documents its own defaults.</summary>
internal interface IEnergyPhaseOptions
{
    DivergenceRecovery DivergenceRecovery { get; }

    int MaxDivergenceRecoveries { get; }

    int? ReportInterval { get; }

    double WeightAveragingFraction { get; }
}
