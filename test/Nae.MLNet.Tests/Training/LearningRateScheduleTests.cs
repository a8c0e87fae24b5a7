using Nae.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Tests.Training;

/// <summary>The energy phases' learning-rate decay (<see cref="LearningRateSchedule"/>, <c>LearningRateDecayFraction</c>,
/// <c>FinalLearningRateFactor</c>): known factors of the half cosine, Adam taking the scaled step, the training loop
/// applying the factor to every update's optimizers and reporting the rate it used, and out-of-range options refused.</summary>
public class LearningRateScheduleTests
{
    [Test]
    public void Factor_IsOneUntilTheDecay_ThenFollowsTheHalfCosineToTheFinalFactor()
    {
        var schedule = new LearningRateSchedule(total: 10, decayFraction: 0.5, finalFactor: 0.1);
        var factors = Enumerable.Range(1, 10).Select(u => schedule.Factor(u)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(factors.Take(5), Is.All.EqualTo(1.0), "updates 1-5 keep the rate");
            Assert.That(factors[5], Is.EqualTo(0.1 + 0.9 * (1 + Math.Cos(0.2 * Math.PI)) / 2).Within(1e-12), "update 6: t = 1/5");
            Assert.That(factors[7], Is.EqualTo(0.1 + 0.9 * (1 + Math.Cos(0.6 * Math.PI)) / 2).Within(1e-12), "update 8: t = 3/5");
            Assert.That(factors[9], Is.EqualTo(0.1).Within(1e-12), "the last update runs at the final factor");
            Assert.That(factors, Is.Ordered.Descending);
        });
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    public void Factor_WithoutDecay_OrWithAFinalFactorOfOne_IsAlwaysOne(double decayFraction)
    {
        var schedule = new LearningRateSchedule(total: 7, decayFraction, finalFactor: decayFraction == 0 ? 0.1 : 1);
        Assert.That(Enumerable.Range(1, 7).Select(u => schedule.Factor(u)), Is.All.EqualTo(1.0));
    }

    [Test]
    public void Adam_TakesTheStepOfItsRateTimesTheFactor()
    {
        // Adam's first step moves every parameter by lr · m̂ / (√v̂ + ε) = lr · sign(g) (up to ε).
        using var parameter = new TorchSharp.Modules.Parameter(torch.tensor(new[] { 1f, -1f }));
        using var adam = new AdamOptimizer(new[] { parameter }, 0.1) { RateFactor = 0.25 };
        using (var loss = (parameter * torch.tensor(new[] { 2f, -3f })).sum()) loss.backward();
        adam.step();
        Assert.That(parameter.data<float>().ToArray(), Is.EqualTo(new[] { 1f - 0.025f, -1f + 0.025f }).Within(1e-6));
    }

    [Test]
    public void Loop_UsesTheScheduledRate_OnEveryUpdate_AndReportsIt()
    {
        using var data = TrainingSet.Split(new FeatureMatrix(Enumerable.Range(0, 400).Select(i => (float)(i % 7)).ToArray(), 100, 4), 0.2, false, new Random(1), torch.CPU);
        using var step = new RecordingUpdate();
        var monitor = new TrainingMonitor(null, null, CancellationToken.None);
        var settings = new EnergyLoopSettings(TrainingPhase.NormalizedAutoencoder, "NAE", Iterations: 20, Epochs: 1, BatchSize: 16, ReportInterval: 5,
            LearningRate: 1e-3, DivergenceRecovery.ReduceLearningRate, MaxRecoveries: 2, DecayFraction: 0.5, FinalRateFactor: 0.2);
        new EnergyTrainingLoop(step, data, settings, monitor).Run();
        var schedule = new LearningRateSchedule(20, 0.5, 0.2);
        var expected = Enumerable.Range(1, 20).Select(u => 1e-3 * schedule.Factor(u)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(step.Rates, Is.EqualTo(expected).Within(1e-15));
            Assert.That(monitor.History.Select(h => h.Metrics["LearningRate"]), Is.EqualTo(new[] { 1e-3, 1e-3, expected[14], 2e-4 }).Within(1e-15),
                "each report gives the rate of its last update");
        });
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Options_OutsideZeroToOne_AreRefusedByName(double value)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new NormalizedAutoencoderOptions { LearningRateDecayFraction = value }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("LearningRateDecayFraction"));
            Assert.That(() => new MpdrOptions { LearningRateDecayFraction = value }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("LearningRateDecayFraction"));
            Assert.That(() => new NormalizedAutoencoderOptions { FinalLearningRateFactor = value }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("FinalLearningRateFactor"));
            Assert.That(() => new MpdrOptions { FinalLearningRateFactor = value }.Validate(),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("FinalLearningRateFactor"));
        });
    }

    /// <summary>An update with one real optimizer that records the rate it was given (its base rate times the schedule's factor).</summary>
    private sealed class RecordingUpdate : IEnergyUpdate, IDisposable
    {
        private readonly TorchSharp.Modules.Linear _module = nn.Linear(1, 1, hasBias: false);

        public List<double> Rates { get; } = new();

        public nn.Module Trained => _module;

        public bool NonNegativeEnergy => false;

        public List<AdamOptimizer> CreateOptimizers(double learningRate) => new() { new AdamOptimizer(_module.parameters(), learningRate) };

        public Dictionary<string, double> Update(Tensor positives, List<AdamOptimizer> optimizers)
        {
            Rates.Add(optimizers.Single().LearningRate * optimizers.Single().RateFactor);
            return new() { ["Loss"] = -1, ["PositiveEnergy"] = 1, ["NegativeEnergy"] = 2 };
        }

        public IEnumerable<KeyValuePair<string, double>> ReportValues() => Array.Empty<KeyValuePair<string, double>>();

        public float[] Energies(Tensor rows) => Enumerable.Repeat(1f, (int)rows.shape[0]).ToArray();

        public void AfterRestore()
        {
        }

        public void Dispose() => _module.Dispose();
    }
}
