using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// One kind of energy-based update (NAE, MPDR): what <see cref="EnergyTrainingLoop"/> needs to run, watch, report and
/// recover it.
/// </summary>
internal interface IEnergyUpdate
{
    /// <summary>The module whose weights are trained (snapshotted and restored on divergence).</summary>
    nn.Module Trained { get; }

    /// <summary>Fresh optimizers at <paramref name="learningRate"/> (recreated after each recovery).</summary>
    List<AdamOptimizer> CreateOptimizers(double learningRate);

    /// <summary>One update on a positive batch (in the caller's dispose scope); returns its diagnostics, which must
    /// include "Loss", "PositiveEnergy" and "NegativeEnergy".</summary>
    Dictionary<string, double> Update(Tensor positives, List<AdamOptimizer> optimizers);

    /// <summary>Values added to every report (e.g. the temperature).</summary>
    IEnumerable<KeyValuePair<string, double>> ReportValues();

    /// <summary>Whether the energy is never negative (a reconstruction error), so that its shrinking to 0 means collapse.</summary>
    bool NonNegativeEnergy { get; }

    /// <summary>The energy of each held-out row.</summary>
    float[] Energies(Tensor rows);

    /// <summary>Called after the last good weights were restored (e.g. to empty a replay buffer).</summary>
    void AfterRestore();
}
