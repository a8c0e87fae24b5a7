using Nae.MLNet.Networks;
using Nae.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Tests.Training;

/// <summary>Weight averaging (<see cref="WeightAverage"/>, the energy phases' <c>WeightAveragingFraction</c>): known means of
/// known weights, spectral normalization re-estimated for the mean, and the training loop averaging exactly the last
/// updates, starting again after a restore, and reporting the averaged model once more.</summary>
public class WeightAveragingTests
{
    [Test]
    public void Mean_OfKnownWeights_IsApplied_AndResetForgetsIt()
    {
        using var module = nn.Linear(2, 1);
        using var average = new WeightAverage();
        foreach (var (w, b) in new[] { (new[] { 1f, -2f }, 0.5f), (new[] { 3f, 0f }, 1.5f), (new[] { 5f, 5f }, -5f) })
        {
            Set(module, w, b);
            average.Add(module);
        }
        Set(module, new[] { 100f, 100f }, 100f);
        average.ApplyTo(module);
        Assert.Multiple(() =>
        {
            Assert.That(average.Count, Is.EqualTo(3));
            Assert.That(module.weight!.data<float>().ToArray(), Is.EqualTo(new[] { 3f, 1f }).Within(1e-6));
            Assert.That(module.bias!.item<float>(), Is.EqualTo(-1f).Within(1e-6));
        });
        average.Reset();
        Set(module, new[] { 7f, 8f }, 9f);
        average.ApplyTo(module);
        Assert.That(module.weight!.data<float>().ToArray(), Is.EqualTo(new[] { 7f, 8f }), "an empty mean leaves the weights alone");
    }

    [Test]
    public void SpectralNormalization_IsReestimatedForTheMean()
    {
        torch.random.manual_seed(3);
        using var layer = SpectralNormLayer.Linear(5, 4);
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var average = new WeightAverage();
        using var first = torch.randn(4, 5);
        using var second = torch.randn(4, 5) * 3;
        foreach (var weight in new[] { first, second })
        {
            using (torch.no_grad()) parameters["weight"].copy_(weight);
            average.Add(layer);
        }
        average.ApplyTo(layer);
        using var mean = (first + second) / 2;
        double largest = torch.linalg.svdvals(mean)[0].item<float>();
        using (torch.no_grad())
        using (var sigma = layer.Sigma())
            Assert.That(sigma.item<float>(), Is.EqualTo(largest).Within(1e-3 * largest), "σ = uᵀWv of the averaged W");
    }

    [Test]
    public void Loop_AveragesTheLastFractionOfUpdates_AndReportsTheAverage()
    {
        var (step, reports, history) = Run(fraction: 0.5, failAt: null);
        using (step)
        {
            Assert.Multiple(() =>
            {
                Assert.That(step.Weight, Is.EqualTo(15.5).Within(1e-5), "the mean of the weights after updates 11..20");
                Assert.That(history, Has.Count.EqualTo(5), "4 reports and the averaged model's");
                Assert.That(history[^1].Metrics["AveragedUpdates"], Is.EqualTo(10));
                Assert.That(history[^1].Epoch, Is.EqualTo(4));
                Assert.That(history[^1].ValidationLoss, Is.EqualTo(15.75).Within(1e-4), "the averaged model's held-out energy (20 rows: 15.5 + 0.5 on half)");
                Assert.That(reports[^1].Metrics, Does.ContainKey("AveragedUpdates"), "the progress sees it too");
            });
        }
    }

    [Test]
    public void Loop_StartsTheMeanAgain_AfterTheLastGoodWeightsAreRestored()
    {
        var (step, _, history) = Run(fraction: 0.5, failAt: 13);
        using (step)
        {
            // update 13 diverges: the weights go back to report 2's (10); updates 14..20 then give 11..17.
            Assert.That(step.Weight, Is.EqualTo(14).Within(1e-5));
            Assert.That(history[^1].Metrics["AveragedUpdates"], Is.EqualTo(7));
        }
    }

    [Test]
    public void Loop_WithoutAveraging_KeepsTheLastWeights()
    {
        var (step, _, history) = Run(fraction: 0, failAt: null);
        using (step)
        {
            Assert.That(step.Weight, Is.EqualTo(20));
            Assert.That(history.Any(h => h.Metrics.ContainsKey("AveragedUpdates")), Is.False);
        }
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Fraction_OutsideZeroToOne_IsRefusedByName(double fraction)
    {
        var nae = new NormalizedAutoencoderOptions { WeightAveragingFraction = fraction };
        var mpdr = new MpdrOptions { WeightAveragingFraction = fraction };
        Assert.Multiple(() =>
        {
            Assert.That(() => nae.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("WeightAveragingFraction"));
            Assert.That(() => mpdr.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("WeightAveragingFraction"));
        });
    }

    private static (CountingUpdate Step, List<TrainingProgress> Reports, IReadOnlyList<TrainingProgress> History) Run(double fraction, int? failAt)
    {
        using var data = TrainingSet.Split(new FeatureMatrix(Enumerable.Range(0, 400).Select(i => (float)(i % 7)).ToArray(), 100, 4), 0.2, false, new Random(1), torch.CPU);
        var step = new CountingUpdate(failAt);
        var reports = new List<TrainingProgress>();
        var monitor = new TrainingMonitor(null, new SynchronousProgress(reports.Add), CancellationToken.None);
        var settings = new EnergyLoopSettings(TrainingPhase.Mpdr, "MPDR-R", Iterations: 20, Epochs: 1, BatchSize: 16, ReportInterval: 5,
            LearningRate: 1e-3, DivergenceRecovery.ReduceLearningRate, MaxRecoveries: 2, AveragingFraction: fraction);
        new EnergyTrainingLoop(step, data, settings, monitor).Run();
        return (step, reports, monitor.History);
    }

    private static void Set(TorchSharp.Modules.Linear module, float[] weight, float bias)
    {
        using var noGrad = torch.no_grad();
        using var w = torch.tensor(weight).reshape(1, 2);
        module.weight!.copy_(w);
        module.bias!.fill_(bias);
    }

    /// <summary>Adds 1 to a one-parameter module's weight at every update; its energy is the weight (plus 0.5 on every other
    /// row); update <c>failAt</c> reports a non-finite loss.</summary>
    private sealed class CountingUpdate : IEnergyUpdate, IDisposable
    {
        private readonly TorchSharp.Modules.Linear _module = nn.Linear(1, 1, hasBias: false);
        private readonly int? _failAt;
        private int _updates;

        public CountingUpdate(int? failAt)
        {
            _failAt = failAt;
            using var noGrad = torch.no_grad();
            _module.weight!.zero_();
        }

        public double Weight => _module.weight!.item<float>();

        public nn.Module Trained => _module;

        public bool NonNegativeEnergy => false;

        public List<AdamOptimizer> CreateOptimizers(double learningRate) => new();

        public Dictionary<string, double> Update(Tensor positives, List<AdamOptimizer> optimizers)
        {
            using (torch.no_grad()) _module.weight!.add_(1);
            _updates++;
            double loss = _updates == _failAt ? double.NaN : -1;
            return new() { ["Loss"] = loss, ["PositiveEnergy"] = 1, ["NegativeEnergy"] = 2 };
        }

        public IEnumerable<KeyValuePair<string, double>> ReportValues() => Array.Empty<KeyValuePair<string, double>>();

        public float[] Energies(Tensor rows) => Enumerable.Range(0, (int)rows.shape[0]).Select(i => (float)(Weight + 0.5 * (i % 2))).ToArray();

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
