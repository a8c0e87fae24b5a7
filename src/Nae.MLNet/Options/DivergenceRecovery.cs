namespace Nae.MLNet;

/// <summary>What energy-based training does when it diverges (non-finite loss or energies, or a runaway negative energy).</summary>
public enum DivergenceRecovery
{
    /// <summary>Restore the last good weights, divide the learning rate by 10 and continue; after
    /// <see cref="NormalizedAutoencoderOptions.MaxDivergenceRecoveries"/> recoveries, throw <see cref="TrainingDivergedException"/>.</summary>
    ReduceLearningRate,

    /// <summary>Restore the last good weights and end training there, with a warning in the log and the history.</summary>
    StopAtLastGoodWeights,

    /// <summary>Throw <see cref="TrainingDivergedException"/> at once.</summary>
    Throw,
}
