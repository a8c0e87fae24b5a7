using Nae.MLNet.Networks;
using TorchSharp;

namespace Nae.MLNet.Tests.Networks;

public class AutoencoderNetworkTests
{
    private static NetworkSpec Mlp(bool spherical = false) => new(4, 2, new[] { 3 }, null, spherical, DecoderOutput.Linear);

    [Test]
    public void Energy_IsPerSampleMeanSquaredReconstructionError()
    {
        using var network = new AutoencoderNetwork(Mlp());
        using var x = torch.tensor(new float[] { 1, 2, 3, 4, 0, 0, 0, 0 }, new long[] { 2, 4 });
        using var recon = network.forward(x);
        var expected = new float[2];
        var xs = x.data<float>().ToArray();
        var rs = recon.data<float>().ToArray();
        for (int b = 0; b < 2; b++)
            for (int d = 0; d < 4; d++)
                expected[b] += (xs[b * 4 + d] - rs[b * 4 + d]) * (xs[b * 4 + d] - rs[b * 4 + d]) / 4f;
        using var energy = network.Energy(x);
        Assert.That(energy.data<float>().ToArray(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Energy_HandComputedExample()
    {
        // x = [1, 2], x̃ = [0.5, 3]: E = ((0.5)² + (−1)²) / 2 = 0.625.
        using var x = torch.tensor(new float[] { 1, 2 }, new long[] { 1, 2 });
        using var recon = torch.tensor(new float[] { 0.5f, 3 }, new long[] { 1, 2 });
        using var energy = (x - recon).square().mean(new long[] { 1 });
        Assert.That(energy.item<float>(), Is.EqualTo(0.625f).Within(1e-7));
    }

    [Test]
    public void SphericalLatent_HasUnitNorm()
    {
        using var network = new AutoencoderNetwork(Mlp(spherical: true));
        using var x = torch.randn(5, 4);
        using var z = network.Encode(x);
        using var norms = z.norm(1);
        Assert.That(norms.data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
    }

    [Test]
    public void SphereProjection_KnownAnswer()
    {
        using var z = torch.tensor(new float[] { 3, 4, 0, 0 }, new long[] { 2, 2 });
        using var projected = SphereProjection.Project(z);
        Assert.That(projected.data<float>().ToArray(), Is.EqualTo(new[] { 0.6f, 0.8f, 0f, 0f }).Within(1e-6));
    }

    [Test]
    public void ConvolutionalNetworks_MatchTheAuthorsSizes()
    {
        using var network = new AutoencoderNetwork(new NetworkSpec(784, 32, Array.Empty<int>(), ImageShape.Mnist, true, DecoderOutput.Sigmoid));
        long encoder = network.Encoder.parameters().Sum(p => p.numel());
        long decoder = network.Decoder.parameters().Sum(p => p.numel());
        using var x = torch.rand(2, 784);
        using var recon = network.forward(x);
        Assert.Multiple(() =>
        {
            Assert.That(encoder / 1e6, Is.EqualTo(2.26).Within(0.01), "ConvNet2FC ≈ 2.26 M parameters");
            Assert.That(decoder / 1e6, Is.EqualTo(0.195).Within(0.005), "DeConvNet2 ≈ 0.195 M parameters");
            Assert.That(recon.shape, Is.EqualTo(new long[] { 2, 784 }));
            Assert.That(recon.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(recon.max().item<float>(), Is.LessThanOrEqualTo(1f));
        });
    }

    [Test]
    public void EncoderSquaredNorm_IsSumOfSquaresOfAllParameters()
    {
        using var network = new AutoencoderNetwork(Mlp());
        double expected = network.Encoder.parameters().Sum(p => p.square().sum().item<float>());
        using var norm = network.EncoderSquaredNorm();
        Assert.That(norm.item<float>(), Is.EqualTo(expected).Within(1e-5));
    }
}
