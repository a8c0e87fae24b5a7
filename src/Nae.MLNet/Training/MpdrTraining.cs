using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using System.Diagnostics;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// One MPDR update (<c>update_model_off</c>, reference-algorithms.md §2.5): negatives by manifold projection-diffusion,
/// then Adam on the energy network only, minimizing mean E(x⁺) − mean E(x⁻) plus, for MPDR-S,
/// γ_vx·(mean E(x⁺)² + mean E(x⁻)²), for MPDR-R, γ_neg_recon·mean(recon(x⁻)²) (without out_scale) and the L2 penalty on
/// the energy encoder, plus an optional L2 penalty on every energy parameter. The manifold autoencoders never change.
/// </summary>
internal sealed class MpdrTraining : IEnergyUpdate
{
    private readonly IEnergyNetwork _energy;
    private readonly MpdrUpdateSettings _settings;
    private readonly ManifoldProjectionDiffusion _sampler;

    public MpdrTraining(IEnergyNetwork energy, MpdrUpdateSettings settings, ManifoldProjectionDiffusion sampler)
    {
        _energy = energy;
        _settings = settings;
        _sampler = sampler;
    }

    /// <summary>Runs the MPDR phase on <paramref name="data"/>.</summary>
    public static void Run(IEnergyNetwork energy, TrainingSet data, EnergyLoopSettings loop, MpdrUpdateSettings settings,
        TrainingMonitor monitor, ManifoldProjectionDiffusion sampler) =>
        new EnergyTrainingLoop(new MpdrTraining(energy, settings, sampler), data, loop, monitor).Run();

    public nn.Module Trained => _energy.Module;

    /// <summary>One Adam over the energy network; for MPDR-R with its own out_scale rate, a second one over out_scale alone
    /// (none when that rate is 0, which freezes it).</summary>
    public List<AdamOptimizer> CreateOptimizers(double learningRate)
    {
        if (_energy is not ScaledReconstructionEnergy reconstruction || _settings.OutScaleRateRatio == 1)
            return new() { new AdamOptimizer(_energy.Module.parameters(), learningRate) };
        var optimizers = new List<AdamOptimizer> { new(reconstruction.Autoencoder.parameters(), learningRate) };
        if (_settings.OutScaleRateRatio > 0) optimizers.Add(new AdamOptimizer(new[] { reconstruction.OutScaleParameter }, learningRate * _settings.OutScaleRateRatio));
        return optimizers;
    }

    public Dictionary<string, double> Update(Tensor positives, List<AdamOptimizer> optimizers)
    {
        var negative = _sampler.Sample(positives, _energy);
        var clock = Stopwatch.StartNew();
        _energy.Module.train();
        foreach (var optimizer in optimizers) optimizer.zero_grad();
        var positiveEnergy = _energy.Energy(positives);
        var negativeEnergy = _energy.Energy(negative.Negatives);
        var loss = Loss(positiveEnergy, negativeEnergy, negative.Negatives);
        loss.backward();
        foreach (var optimizer in optimizers) optimizer.step();
        return new Dictionary<string, double>
        {
            ["Loss"] = loss.item<float>(),
            ["PositiveEnergy"] = positiveEnergy.mean().item<float>(),
            ["NegativeEnergy"] = negativeEnergy.mean().item<float>(),
            ["NegativeSampleMean"] = negative.Negatives.mean().item<float>(),
            ["NegativeSampleStd"] = negative.Negatives.std().item<float>(),
            ["LatentChainSeconds"] = negative.LatentChainTime.TotalSeconds,
            ["VisibleChainSeconds"] = negative.VisibleChainTime.TotalSeconds,
            ["UpdateSeconds"] = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The MPDR loss for the current energies (in training mode).</summary>
    internal Tensor Loss(Tensor positiveEnergy, Tensor negativeEnergy, Tensor negatives)
    {
        var loss = positiveEnergy.mean() - negativeEnergy.mean();
        if (_energy is ScaledReconstructionEnergy reconstruction)
        {
            if (_settings.NegativeReconstructionPenalty > 0)
                loss = loss.Plus(S(_settings.NegativeReconstructionPenalty) * reconstruction.Reconstruction(negatives).Squared().mean());
            if (_settings.EnergyEncoderL2Penalty > 0)
                loss = loss.Plus(S(_settings.EnergyEncoderL2Penalty) * reconstruction.Autoencoder.EncoderSquaredNorm());
        }
        else if (_settings.EnergySquarePenalty > 0)
        {
            loss = loss.Plus(S(_settings.EnergySquarePenalty) * positiveEnergy.Squared().mean().Plus(negativeEnergy.Squared().mean()));
        }
        if (_settings.EnergyL2Penalty > 0)
            loss = loss.Plus(S(_settings.EnergyL2Penalty) * ParameterNorm.Squared(_energy.Module));
        return loss;
    }

    public IEnumerable<KeyValuePair<string, double>> ReportValues()
    {
        if (_energy is ScaledReconstructionEnergy reconstruction)
            yield return new("OutScale", reconstruction.OutScale.item<float>());
    }

    public bool NonNegativeEnergy => _energy is ScaledReconstructionEnergy;

    public float[] Energies(Tensor rows) => EnergyStatistics.Energies(_energy, rows, _settings.BatchSize);

    public void AfterRestore()
    {
    }
}
