using Nae.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Tests.Training;

/// <summary>The library's Adam must be TorchSharp's Adam, bit for bit: it only changes how scalars are kept alive.</summary>
public class AdamOptimizerTests
{
    [TestCase(1e-3)]
    [TestCase(0.5)]
    public void Steps_MatchTorchSharpAdamExactly(double learningRate)
    {
        var (reference, ours) = (Network(), Network());
        using var torchAdam = torch.optim.Adam(reference.parameters(), learningRate);
        using var adam = new AdamOptimizer(ours.parameters(), learningRate);
        torch.manual_seed(2);
        using var x = torch.randn(16, 5);
        for (int step = 0; step < 25; step++)
        {
            using var scope = torch.NewDisposeScope();
            torchAdam.zero_grad();
            reference.forward(x).square().mean().backward();
            torchAdam.step();
            adam.zero_grad();
            ours.forward(x).square().mean().backward();
            adam.step();
        }
        var expected = reference.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var actual = ours.parameters().Select(p => p.data<float>().ToArray()).ToList();
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual[0], Is.Not.EqualTo(Network().parameters().First().data<float>().ToArray()), "the parameters moved");
    }

    [Test]
    public void ZeroGrad_ClearsGradients_AndParametersWithoutGradientsStayPut()
    {
        var network = Network();
        using var adam = new AdamOptimizer(network.parameters(), 0.1);
        var before = network.parameters().Select(p => p.data<float>().ToArray()).ToList();
        adam.step(); // no backward yet: no gradients
        Assert.That(network.parameters().Select(p => p.data<float>().ToArray()), Is.EqualTo(before));
        network.forward(torch.ones(2, 5)).sum().backward();
        adam.zero_grad();
        Assert.That(network.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0), Is.True);
    }

    private static nn.Module<Tensor, Tensor> Network()
    {
        torch.manual_seed(1);
        return nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 1));
    }
}
