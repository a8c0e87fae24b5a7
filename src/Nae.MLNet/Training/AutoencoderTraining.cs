using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using Nae.MLNet.Errors;
using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// Autoencoder training by reconstruction energy (the plain AE detector, and phase 1 of NAE in the authors'
/// <c>NAETrainerV2</c>): Adam on mean E(x) + l2_en·‖enc‖² + l2_de·‖dec‖², one validation per epoch, and early stopping
/// after <see cref="AutoencoderPhaseSettings.EarlyStoppingPatience"/> non-improving validations counted over the whole
/// run (the authors' counter is never reset). Training continues from the last weights, as in the reference.
/// </summary>
internal static class AutoencoderTraining
{
    public static void Run(AutoencoderNetwork network, TrainingSet data, AutoencoderPhaseSettings settings, TrainingMonitor monitor)
    {
        using var optimizer = new AdamOptimizer(network.parameters(), settings.LearningRate);
        double bestValidation = double.PositiveInfinity;
        int nonImproving = 0;
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            network.train();
            double loss = RunEpoch(network, optimizer, data.Train, settings, monitor);
            if (!double.IsFinite(loss))
                throw new TrainingDivergedException(ErrorMessages.TrainingDiverged(nameof(TrainingPhase.Autoencoder), epoch, $"the loss became {loss}"), epoch);
            double validation = data.Validation is null ? double.NaN : EnergyStatistics.Mean(network, data.Validation, settings.BatchSize);
            monitor.EpochEnded(TrainingPhase.Autoencoder, epoch, settings.Epochs, loss, validation,
                data.Check?.Measure(rows => EnergyStatistics.Energies(network, rows, settings.BatchSize)).ToDictionary(p => p.Key, p => p.Value));
            if (data.Validation is null || settings.EarlyStoppingPatience == 0) continue;
            if (validation < bestValidation) bestValidation = validation;
            else if (++nonImproving >= settings.EarlyStoppingPatience)
            {
                monitor.Info($"Autoencoder training stopped early after epoch {epoch}: {nonImproving} validations without improvement.");
                break;
            }
        }
        network.eval();
    }

    private static double RunEpoch(AutoencoderNetwork network, AdamOptimizer optimizer, Tensor x, AutoencoderPhaseSettings settings, TrainingMonitor monitor)
    {
        long rows = x.shape[0];
        using var order = torch.randperm(rows);
        double total = 0;
        int batches = 0;
        for (long start = 0; start < rows; start += settings.BatchSize)
        {
            monitor.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            var batch = x.index_select(0, order.narrow(0, start, Math.Min(settings.BatchSize, rows - start)));
            optimizer.zero_grad();
            var loss = Loss(network, batch, settings.Penalties);
            loss.backward();
            optimizer.step();
            total += loss.item<float>();
            batches++;
        }
        return total / batches;
    }

    /// <summary>mean E(x) + l2_en·Σθ_enc² + l2_de·Σθ_dec² (authors' AE objective; penalties are sums of squares).</summary>
    internal static Tensor Loss(AutoencoderNetwork network, Tensor x, WeightPenalties penalties) =>
        WithWeightPenalties(network.Energy(x).mean(), network, penalties);

    /// <summary><paramref name="loss"/> plus the L2 penalties on the encoder and decoder weights (the autoencoder
    /// phase and the NAE updates share them).</summary>
    internal static Tensor WithWeightPenalties(Tensor loss, AutoencoderNetwork network, WeightPenalties penalties)
    {
        if (penalties.Encoder > 0) loss = loss.Plus(S(penalties.Encoder) * network.EncoderSquaredNorm());
        if (penalties.Decoder > 0) loss = loss.Plus(S(penalties.Decoder) * network.DecoderSquaredNorm());
        return loss;
    }
}
