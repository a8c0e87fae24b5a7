namespace Nae.MLNet;

/// <summary>The options of an energy-based training phase (NAE, MPDR) that the shared training loop reads and the presets set: reports,
/// divergence handling, the learning-rate decay and weight averaging. Each options class documents its own defaults.</summary>
internal interface IEnergyPhaseOptions
{
    DivergenceRecovery DivergenceRecovery { get; set; }

    int MaxDivergenceRecoveries { get; set; }

    int? ReportInterval { get; set; }

    double WeightAveragingFraction { get; set; }

    double LearningRateDecayFraction { get; set; }

    double FinalLearningRateFactor { get; set; }
}
