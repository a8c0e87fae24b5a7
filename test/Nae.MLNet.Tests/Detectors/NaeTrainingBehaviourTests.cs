using Microsoft.ML;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Tests.TestData;
using TorchSharp;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>NAE mechanics on small real runs: negatives, temperature, divergence handling.</summary>
public class NaeTrainingBehaviourTests
{
    [Test]
    public void OnManifoldSampler_GivesDetachedBoundedNegatives_AndRestoresTheNetwork()
    {
        torch.random.manual_seed(1);
        var options = TestModels.SmallNae();
        using var network = new AutoencoderNetwork(SettingsFromOptions.Network(options, 64));
        network.train();
        using var buffer = new ReplayBuffer(100, options.LatentDimension, 0.95, new Random(1), torch.CPU);
        var sampler = new OnManifoldSampler(network, NormalizedAutoencoderTrainer.LatentChain(options),
            NormalizedAutoencoderTrainer.InputChain(options, network.Spec), buffer, torch.CPU);
        using var scope = torch.NewDisposeScope();
        var sample = sampler.Sample(16, 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(sample.Negatives.shape, Is.EqualTo(new long[] { 16, 64 }));
            Assert.That(sample.Negatives.requires_grad, Is.False);
            Assert.That(sample.Negatives.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(sample.Negatives.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(buffer.Count, Is.EqualTo(16), "latent chain end states were pushed");
            Assert.That(network.parameters().All(p => p.requires_grad), "parameters are unfrozen after sampling");
            Assert.That(network.training, Is.True, "the training mode is restored");
        });
    }

    [Test]
    public void LearnTemperature_MovesT()
    {
        var options = TestModels.SmallNae(epochs: 2, iterations: 20);
        options.LearnTemperature = true;
        options.TemperatureLearningRate = 0.05;
        var (model, _, _) = TestModels.FitDigits(new MLContext(1), options);
        var detector = ((Microsoft.ML.Data.TransformerChain<EnergyAnomalyTransformer>)model).LastTransformer;
        var temperatures = detector.TrainingHistory.Where(h => h.Phase == TrainingPhase.NormalizedAutoencoder).Select(h => h.Metrics["Temperature"]).ToList();
        Assert.That(temperatures[^1], Is.Not.EqualTo(1.0).Within(1e-3));
    }

    [Test]
    public void Divergence_WithThrow_ThrowsTrainingDiverged()
    {
        var options = Explosive();
        options.DivergenceRecovery = DivergenceRecovery.Throw;
        var error = Assert.Throws<TrainingDivergedException>(() => TestModels.FitDigits(new MLContext(1), options))!;
        Assert.That(error.Message, Does.Contain("NAE training diverged"));
    }

    [Test]
    public void Divergence_WithStop_KeepsTheLastGoodWeights_AndWarns()
    {
        var (ml, warnings) = ContextCollectingWarnings();
        var options = Explosive();
        options.DivergenceRecovery = DivergenceRecovery.StopAtLastGoodWeights;
        var (model, _, test) = TestModels.FitDigits(ml, options);
        Assert.Multiple(() =>
        {
            Assert.That(TestModels.Scores(model.Transform(test)), Is.All.Matches<float>(float.IsFinite));
            Assert.That(warnings, Has.Some.Contains("stopped at the last good weights"));
        });
    }

    [Test]
    public void Divergence_WithReduceLearningRate_RecoversOrGivesUpLoudly()
    {
        var (ml, warnings) = ContextCollectingWarnings();
        var options = Explosive();
        options.MaxDivergenceRecoveries = 5;
        try
        {
            var (model, _, test) = TestModels.FitDigits(ml, options);
            Assert.That(TestModels.Scores(model.Transform(test)), Is.All.Matches<float>(float.IsFinite));
        }
        catch (TrainingDivergedException)
        {
            Assert.That(warnings, Has.Count.EqualTo(5), "it gave up only after every recovery was used");
            return;
        }
        Assert.That(warnings, Has.Some.Contains("continuing with learning rate"));
    }

    /// <summary>A seeded MLContext and the warnings its log receives.</summary>
    private static (MLContext Context, List<string> Warnings) ContextCollectingWarnings()
    {
        var ml = new MLContext(1);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        return (ml, warnings);
    }

    /// <summary>Unbounded energies (linear decoder, no chain bounds or clipping) with absurd step sizes: they blow up within a few updates.</summary>
    private static NormalizedAutoencoderOptions Explosive()
    {
        var options = TestModels.SmallNae(epochs: 3, iterations: 40);
        options.DecoderOutput = DecoderOutput.Linear;
        options.NaeLearningRate = 1.0;
        options.InputChainGradientClip = null;
        options.InputChainStepSize = 1e6;
        options.ReportInterval = 5;
        return options;
    }
}
