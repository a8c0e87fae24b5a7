using Nae.MLNet.Networks;
using TorchSharp;

namespace Nae.MLNet.Tests.Networks;

public class SpectralNormLayerTests
{
    [SetUp]
    public void Seed() => torch.random.manual_seed(3);

    [Test]
    public void Sigma_MatchesTheExactLargestSingularValue()
    {
        using var layer = SpectralNormLayer.Linear(40, 30);
        layer.train();
        using var x = torch.randn(2, 40);
        for (int i = 0; i < 50; i++) layer.forward(x).Dispose(); // one power iteration per training forward
        var weight = layer.parameters().First(p => p.dim() == 2);
        using var exact = torch.linalg.svdvals(weight).max();
        using var sigma = layer.Sigma();
        Assert.That(sigma.item<float>(), Is.EqualTo(exact.item<float>()).Within(1e-3).Percent);
    }

    [Test]
    public void NormalizedWeight_HasSpectralNormOne()
    {
        using var layer = SpectralNormLayer.Linear(20, 10);
        layer.train();
        using var x = torch.randn(1, 20);
        for (int i = 0; i < 50; i++) layer.forward(x).Dispose();
        layer.eval();
        // The layer is linear in x: its Jacobian is W/σ; its largest singular value must be 1.
        using var eye = torch.eye(20);
        using var bias = layer.forward(torch.zeros(1, 20));
        using var jacobian = layer.forward(eye) - bias;
        Assert.That(torch.linalg.svdvals(jacobian).max().item<float>(), Is.EqualTo(1f).Within(1e-3));
    }

    [Test]
    public void EvalMode_FreezesUAndV_TrainingModeUpdatesThem()
    {
        using var layer = SpectralNormLayer.Conv2d(3, 8, (3, 3));
        using var x = torch.randn(2, 3, 8, 8);
        layer.eval();
        float before = layer.Sigma().item<float>();
        layer.forward(x).Dispose();
        Assert.That(layer.Sigma().item<float>(), Is.EqualTo(before), "eval mode keeps u and v");
        var buffers = layer.named_buffers().Select(b => b.name).ToList();
        Assert.That(buffers, Is.EquivalentTo(new[] { "u", "v" }), "u and v are buffers, saved with the model");
    }

    [Test]
    public void Gradients_ReachWeightAndBias()
    {
        using var layer = SpectralNormLayer.Linear(5, 3);
        layer.train();
        using var x = torch.randn(4, 5);
        layer.forward(x).sum().backward();
        Assert.That(layer.parameters().Select(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), Is.All.True);
        Assert.That(layer.parameters().Count(), Is.EqualTo(2));
    }

    [Test]
    public void ScalarEnergyNetwork_AllParametersGetGradients()
    {
        using var network = new ScalarEnergyNetwork(new NetworkSpec(6, 1, new[] { 8, 4 }, null, false, DecoderOutput.Linear, EnergyKind.Scalar));
        network.train();
        using var x = torch.randn(5, 6);
        var energy = network.Energy(x);
        Assert.That(energy.shape, Is.EqualTo(new long[] { 5 }));
        energy.sum().backward();
        var parameters = network.parameters().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(parameters, Has.Count.EqualTo(2 * 4), "two spectral layers, the last layer and the output affine");
            Assert.That(parameters.All(p => p.grad is not null), Is.True);
        });
    }
}
