using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Tests.TestData;
using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet.Tests.Training;

/// <summary>MPDR updates on real digits: gradient isolation, loss terms, the MPDR-R initialization.</summary>
public class MpdrTrainingTests
{
    private static (AutoencoderNetwork Manifold, TrainingSet Data) Setup(MpdrOptions options)
    {
        torch.random.manual_seed(1);
        var rows = DigitsData.Train(1).ToList();
        var values = rows.SelectMany(r => r.Pixels.Select(p => p / 16f)).ToArray();
        var data = TrainingSet.Split(new FeatureMatrix(values, rows.Count, 64), 0.1, separateCalibration: true, new Random(1), torch.CPU);
        var manifold = AutoencoderNetwork.Create(SettingsFromOptions.Network(options, 64), torch.CPU);
        AutoencoderTraining.Run(manifold, data, SettingsFromOptions.AutoencoderPhase(options), new TrainingMonitor(null, null, CancellationToken.None));
        MpdrTrainer.Freeze(manifold);
        return (manifold, data);
    }

    [TestCase(MpdrEnergy.Reconstruction)]
    [TestCase(MpdrEnergy.Scalar)]
    public void Training_NeverChangesTheManifoldAutoencoder_AndChangesTheEnergy(MpdrEnergy kind)
    {
        var options = TestModels.SmallMpdr(kind, epochs: 3, iterations: 15);
        var (manifold, data) = Setup(options);
        using (manifold)
        using (data)
        {
            using var manifoldBefore = WeightSnapshotValues(manifold);
            using var energy = MpdrTrainer.CreateEnergy(options, manifold, 64, torch.CPU);
            using var energyBefore = WeightSnapshotValues(energy.Module);
            var sampler = new ManifoldProjectionDiffusion(new[] { manifold }, MpdrTrainer.Perturbation(options),
                MpdrTrainer.LatentChain(options), MpdrTrainer.VisibleChain(options));
            MpdrTraining.Run(energy, data, MpdrTrainer.Loop(options, DetectorRegistry.For(options)), MpdrTrainer.Update(options),
                new TrainingMonitor(null, null, CancellationToken.None), sampler);
            using var manifoldAfter = WeightSnapshotValues(manifold);
            using var energyAfter = WeightSnapshotValues(energy.Module);
            Assert.Multiple(() =>
            {
                Assert.That(manifoldAfter.data<float>().ToArray(), Is.EqualTo(manifoldBefore.data<float>().ToArray()), "the manifold autoencoder is frozen");
                Assert.That(energyAfter.data<float>().ToArray(), Is.Not.EqualTo(energyBefore.data<float>().ToArray()), "the energy network was trained");
                Assert.That(manifold.parameters().All(p => !p.requires_grad), Is.True);
            });
        }
    }

    /// <summary>out_scale's own rate: 0 freezes it at 1 while the autoencoder still trains; a rate 100× the energy's moves
    /// it about 100× as far in the same updates (Adam's steps scale with the rate).</summary>
    [Test]
    public void OutScale_HasItsOwnLearningRate_AndZeroFreezesIt()
    {
        double Moved(double? outScaleRate, out bool autoencoderTrained)
        {
            var options = TestModels.SmallMpdr(MpdrEnergy.Reconstruction, epochs: 2, iterations: 10);
            options.MpdrLearningRate = 1e-5;
            options.OutScaleLearningRate = outScaleRate;
            var (manifold, data) = Setup(options);
            using (manifold)
            using (data)
            {
                using var energy = (ScaledReconstructionEnergy)MpdrTrainer.CreateEnergy(options, manifold, 64, torch.CPU);
                using var before = WeightSnapshotValues(energy.Autoencoder);
                var sampler = new ManifoldProjectionDiffusion(new[] { manifold }, MpdrTrainer.Perturbation(options),
                    MpdrTrainer.LatentChain(options), MpdrTrainer.VisibleChain(options));
                MpdrTraining.Run(energy, data, MpdrTrainer.Loop(options, DetectorRegistry.For(options)), MpdrTrainer.Update(options),
                    new TrainingMonitor(null, null, CancellationToken.None), sampler);
                using var after = WeightSnapshotValues(energy.Autoencoder);
                autoencoderTrained = !after.data<float>().ToArray().SequenceEqual(before.data<float>().ToArray());
                return Math.Abs(energy.OutScale.item<float>() - 1);
            }
        }
        double frozen = Moved(0, out bool trainedWhileFrozen), shared = Moved(null, out _), fast = Moved(1e-3, out _);
        Assert.Multiple(() =>
        {
            Assert.That(frozen, Is.Zero, "0 freezes out_scale");
            Assert.That(trainedWhileFrozen, Is.True, "the energy autoencoder still trains");
            Assert.That(shared, Is.GreaterThan(0).And.LessThanOrEqualTo(10 * 1e-5 * 1.01), "the energy's rate: at most one rate-sized Adam step per update");
            Assert.That(fast, Is.GreaterThan(20 * shared), "a 100x rate moves it much further");
        });
    }

    [Test]
    public void ReconstructionEnergy_StartsAsACopyOfTheManifold_WithOutScaleOne()
    {
        var options = TestModels.SmallMpdr(MpdrEnergy.Reconstruction, epochs: 2);
        var (manifold, data) = Setup(options);
        using (manifold)
        using (data)
        {
            using var energy = (ScaledReconstructionEnergy)MpdrTrainer.CreateEnergy(options, manifold, 64, torch.CPU);
            using var noGrad = torch.no_grad();
            using var x = data.Validation!.narrow(0, 0, 10);
            Assert.Multiple(() =>
            {
                Assert.That(energy.OutScale.item<float>(), Is.EqualTo(1f));
                Assert.That(energy.Energy(x).data<float>().ToArray(), Is.EqualTo(manifold.Energy(x).data<float>().ToArray()).Within(1e-6));
                Assert.That(energy.Module.parameters().All(p => p.requires_grad), "the copy is trainable");
            });
        }
    }

    [Test]
    public void ScalarLoss_KnownAnswer()
    {
        var options = TestModels.SmallMpdr(MpdrEnergy.Scalar);
        options.EnergySquarePenalty = 0.5;
        using var energy = new ScalarEnergyNetwork(new NetworkSpec(4, 1, new[] { 3 }, null, false, DecoderOutput.Linear, EnergyKind.Scalar));
        var update = new MpdrTraining(energy, MpdrTrainer.Update(options), null!);
        using var pos = torch.tensor(new float[] { 1, 3 });
        using var neg = torch.tensor(new float[] { 2, 4 });
        // (2 − 3) + 0.5 · ((1 + 9)/2 + (4 + 16)/2) = −1 + 7.5 = 6.5
        using var loss = update.Loss(pos, neg, torch.zeros(2, 4));
        Assert.That(loss.item<float>(), Is.EqualTo(6.5f).Within(1e-6));
    }

    private static TorchSharp.torch.Tensor WeightSnapshotValues(TorchSharp.torch.nn.Module module) =>
        torch.cat(module.parameters().Select(p => p.detach().flatten().clone()).ToList(), 0);
}
