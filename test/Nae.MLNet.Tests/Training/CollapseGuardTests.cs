using Nae.MLNet.Training;

namespace Nae.MLNet.Tests.Training;

/// <summary>The collapse guard on constructed report sequences: a held-out spread that vanishes, reconstruction energies
/// that shrink together (as MPDR-R's out_scale walked to 0 makes them), and healthy or scalar-energy runs that must pass.</summary>
public class CollapseGuardTests
{
    [Test]
    public void VanishingHeldOutSpread_IsACollapse()
    {
        var guard = new CollapseGuard(nonNegativeEnergy: true);
        Assert.That(guard.Check(0.02, 0.05, 0.01), Is.Null, "the first report is the reference");
        Assert.That(guard.Check(0.02, 0.05, 0.0005), Is.Null, "a twentyfold narrower spread is still a model");
        Assert.That(guard.Check(0.02, 0.05, 5e-6), Does.Contain("spread on held-out normal rows fell to 5E-06 from 0.01"));
    }

    [Test]
    public void ReconstructionEnergiesShrinkingTogether_AreACollapse_ButNotForAScalarEnergy()
    {
        var reconstruction = new CollapseGuard(nonNegativeEnergy: true);
        var scalar = new CollapseGuard(nonNegativeEnergy: false);
        foreach (var guard in new[] { reconstruction, scalar }) guard.Check(0.010, 0.030, double.NaN);
        Assert.That(reconstruction.Check(0.0002, 0.05, double.NaN), Is.Null, "the data's energy alone falling is training");
        Assert.That(reconstruction.Check(0.00005, 0.0002, double.NaN), Does.Contain("shrank together (E+ 5E-05 from 0.01, E- 0.0002 from 0.03)"));
        Assert.That(scalar.Check(0.00005, 0.0002, double.NaN), Is.Null, "a scalar energy's level is arbitrary");
    }

    [Test]
    public void HealthyTraining_NeverFires()
    {
        var guard = new CollapseGuard(nonNegativeEnergy: true);
        var random = new Random(1);
        for (int report = 0; report < 200; report++)
            Assert.That(guard.Check(0.01 * (1 + 0.2 * random.NextDouble()), 0.03 + 0.001 * report, 0.004 * (1 + 0.3 * random.NextDouble())), Is.Null);
    }
}

/// <summary>The training loop on a constructed collapse: an update whose energies halve at every step. The guard fires at a
/// report, the last good weights come back, and the user is told through the progress and the log.</summary>
public class CollapseInTheTrainingLoopTests
{
    [TestCase(DivergenceRecovery.StopAtLastGoodWeights)]
    [TestCase(DivergenceRecovery.ReduceLearningRate)]
    public void ShrinkingEnergies_RestoreTheLastGoodWeights_AndSaySo(DivergenceRecovery recovery)
    {
        using var data = TrainingSet.Split(new FeatureMatrix(Enumerable.Range(0, 400).Select(i => (float)(i % 7)).ToArray(), 100, 4), 0.2, false, new Random(1), TorchSharp.torch.CPU);
        using var step = new HalvingUpdate();
        var reports = new List<TrainingProgress>();
        var monitor = new TrainingMonitor(null, new SynchronousProgress(reports.Add), CancellationToken.None);
        var settings = new EnergyLoopSettings(TrainingPhase.NormalizedAutoencoder, "NAE", Iterations: 60, Epochs: 1, BatchSize: 16, ReportInterval: 5,
            LearningRate: 1e-3, recovery, MaxRecoveries: 2);
        new EnergyTrainingLoop(step, data, settings, monitor).Run();

        var warned = reports.Where(r => r.Warning is not null).ToList();
        Assert.That(warned, Is.Not.Empty, "the collapse is never silent");
        Assert.That(warned[0].Warning, Does.Contain("NAE training diverged in epoch").And.Contain("the energy collapsed"));
        Assert.That(monitor.History.Where(h => h.Warning is not null), Is.Not.Empty, "the history keeps the warning");
        // the guard fires at a report; the weights go back to the previous report's (a multiple of 5 updates)
        Assert.That(step.Weight % 5, Is.Zero, $"restored weights: {step.Weight}");
        Assert.That(warned[^1].Warning, Does.Contain("stopped at the last good weights"),
            "a collapse the lower rates do not cure stops at the last good weights rather than throwing");
        if (recovery == DivergenceRecovery.ReduceLearningRate)
            Assert.That(warned.Select(w => w.Warning), Has.Some.Contains("continuing with learning rate 0.0001"));
    }

    /// <summary>Counts its updates in a one-parameter module's weight; every update halves the reported energies.</summary>
    private sealed class HalvingUpdate : IEnergyUpdate, IDisposable
    {
        private readonly TorchSharp.Modules.Linear _module = TorchSharp.torch.nn.Linear(1, 1, hasBias: false);
        private double _scale = 1;

        public HalvingUpdate()
        {
            using var noGrad = TorchSharp.torch.no_grad();
            _module.weight!.zero_();
        }

        public int Weight => (int)Math.Round(_module.weight!.item<float>());

        public TorchSharp.torch.nn.Module Trained => _module;

        public bool NonNegativeEnergy => true;

        public List<AdamOptimizer> CreateOptimizers(double learningRate) => new();

        public Dictionary<string, double> Update(TorchSharp.torch.Tensor positives, List<AdamOptimizer> optimizers)
        {
            using (TorchSharp.torch.no_grad()) _module.weight!.add_(1);
            _scale = Math.Pow(0.5, Weight);
            return new() { ["Loss"] = -0.02 * _scale, ["PositiveEnergy"] = 0.01 * _scale, ["NegativeEnergy"] = 0.03 * _scale };
        }

        public IEnumerable<KeyValuePair<string, double>> ReportValues() => Array.Empty<KeyValuePair<string, double>>();

        public float[] Energies(TorchSharp.torch.Tensor rows) => Enumerable.Range(0, (int)rows.shape[0]).Select(i => (float)(_scale * (1 + i % 3))).ToArray();

        public void AfterRestore()
        {
        }

        public void Dispose() => _module.Dispose();
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
