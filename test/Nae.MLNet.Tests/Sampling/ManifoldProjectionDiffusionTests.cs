using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Tests.TestData;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Tests.Sampling;

/// <summary>MPDR's perturbation, recovery term and latent-chain gradient, on a real (untrained) manifold autoencoder.</summary>
public class ManifoldProjectionDiffusionTests
{
    private AutoencoderNetwork _manifold = null!;

    [SetUp]
    public void CreateManifold()
    {
        torch.random.manual_seed(2);
        _manifold = new AutoencoderNetwork(new NetworkSpec(64, 8, new[] { 32 }, null, true, DecoderOutput.Sigmoid));
        MpdrTrainer.Freeze(_manifold);
    }

    [TearDown]
    public void Dispose() => _manifold.Dispose();

    private static ManifoldProjectionDiffusion Sampler(AutoencoderNetwork manifold, double min, double max, RecoveryDistance distance = RecoveryDistance.Sum,
        RecoveryScaling scaling = RecoveryScaling.PerSample) =>
        new(new[] { manifold }, new PerturbationSettings(min, max, 1e-4, distance, 1.0, scaling),
            MpdrTrainer.LatentChain(TestModels.SmallMpdr(MpdrEnergy.Reconstruction)),
            MpdrTrainer.VisibleChain(TestModels.SmallMpdr(MpdrEnergy.Reconstruction)));

    [Test]
    public void Perturb_DrawsSigmaUniformlyPerSample_AndStaysOnTheSphere()
    {
        using var x = torch.rand(20000, 64);
        var (zObs, sigma) = Sampler(_manifold, 0.05, 0.3).Perturb(_manifold, x);
        Assert.Multiple(() =>
        {
            Assert.That(sigma.min().item<float>(), Is.GreaterThanOrEqualTo(0.05f));
            Assert.That(sigma.max().item<float>(), Is.LessThanOrEqualTo(0.3f));
            Assert.That(sigma.mean().item<float>(), Is.EqualTo(0.175).Within(0.003), "mean of U(0.05, 0.3)");
            Assert.That(sigma.std().item<float>(), Is.EqualTo(0.25 / Math.Sqrt(12)).Within(0.003), "std of U(0.05, 0.3)");
            Assert.That(zObs.norm(1).data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
            Assert.That(zObs.requires_grad, Is.False);
        });
    }

    [Test]
    public void Perturb_ZeroNoise_IsTheEncoding_AndDistanceGrowsWithSigma()
    {
        using var x = torch.rand(4000, 64);
        using var z = _manifold.Encode(x);
        var (exact, _) = Sampler(_manifold, 0, 0).Perturb(_manifold, x);
        var (near, _) = Sampler(_manifold, 0.05, 0.05).Perturb(_manifold, x);
        var (far, _) = Sampler(_manifold, 0.3, 0.3).Perturb(_manifold, x);
        double Distance(Tensor a) => (a - z).square().sum(1).mean().item<float>();
        Assert.Multiple(() =>
        {
            Assert.That(Distance(exact), Is.EqualTo(0).Within(1e-10));
            Assert.That(Distance(near), Is.LessThan(Distance(far)));
            // small σ: ‖z_obs − z‖² ≈ σ²(K − 1) (the radial part is removed by the projection)
            Assert.That(Distance(near), Is.EqualTo(0.05 * 0.05 * 7).Within(0.1).Percent.Or.EqualTo(0.05 * 0.05 * 7).Within(2e-3));
        });
    }

    [TestCase(RecoveryDistance.Sum)]
    [TestCase(RecoveryDistance.Geodesic)]
    public void Recovery_KnownAnswer(RecoveryDistance distance)
    {
        using var x = torch.rand(5, 64);
        var sampler = Sampler(_manifold, 0.1, 0.2, distance);
        var (zObs, sigma) = sampler.Perturb(_manifold, x);
        using var recovery = sampler.Recovery(_manifold, x, zObs, sigma);
        using var z = _manifold.Encode(x);
        var d = distance == RecoveryDistance.Sum
            ? (z - zObs).square().sum(1)
            : ((z * zObs).sum(1) - 1e-6).acos().square();
        using var expected = 1e-4 * d / (2 * sigma.square());
        Assert.That(recovery.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-4).Percent);
    }

    /// <summary>Two samples with distances d = (d₀, d₁) and σ = (0.1, 0.2): the paper scales each by 1/(2σ_i²) = (50, 12.5);
    /// the released code's broadcast (B,) / (B,1,1,1) → (B,1,1,B), summed, gives each sample's gradient the factor
    /// Σ_j 1/(2σ_j²) = 62.5 — checked against that broadcast computed literally.</summary>
    [Test]
    public void RecoveryScaling_KnownAnswer_PerSampleAndTheReferenceBroadcast()
    {
        using var x = torch.rand(2, 64);
        using var sigma = torch.tensor(new[] { 0.1f, 0.2f });
        var zObs = SphereProjection.Project(_manifold.Encode(x) + 0.1f * torch.randn(2, 8));
        using var z = _manifold.Encode(x);
        var d = (z - zObs).square().sum(1).data<float>().ToArray();
        var perSample = Sampler(_manifold, 0.1, 0.2).Recovery(_manifold, x, zObs, sigma).data<float>().ToArray();
        var batchSum = Sampler(_manifold, 0.1, 0.2, scaling: RecoveryScaling.BatchSum).Recovery(_manifold, x, zObs, sigma).data<float>().ToArray();
        Assert.That(perSample, Is.EqualTo(new[] { 1e-4 * d[0] * 50, 1e-4 * d[1] * 12.5 }).Within(1e-4).Percent);
        Assert.That(batchSum, Is.EqualTo(new[] { 1e-4 * d[0] * 62.5, 1e-4 * d[1] * 62.5 }).Within(1e-4).Percent);

        // the reference: log_prob's recovery part, distance (B,) / (2σ² (B,1,1,1)) → (B,1,1,B), summed; its gradient per sample
        using var xs = x.clone().requires_grad_(true);
        var distance = (_manifold.Encode(xs) - zObs).square().sum(1);
        var broadcast = 1e-4f * distance / (2 * sigma.square()).view(2, 1, 1, 1);
        Assert.That(broadcast.shape, Is.EqualTo(new long[] { 2, 1, 1, 2 }));
        var referenceGradient = torch.autograd.grad(new[] { broadcast.sum() }, new[] { xs })[0];
        using var ours = x.clone().requires_grad_(true);
        var oursGradient = torch.autograd.grad(new[] { Sampler(_manifold, 0.1, 0.2, scaling: RecoveryScaling.BatchSum).Recovery(_manifold, ours, zObs, sigma).sum() }, new[] { ours })[0];
        Assert.That(oursGradient.data<float>().ToArray(), Is.EqualTo(referenceGradient.data<float>().ToArray()).Within(1e-3).Percent.Or.EqualTo(0f).Within(1e-9));
    }

    [Test]
    public void LatentDrift_IsTangentToTheSphere_AndUnitNorm()
    {
        using var z = SphereProjection.Project(torch.randn(50, 8));
        using var g = torch.randn(50, 8) * 7;
        var settings = MpdrTrainer.LatentChain(TestModels.SmallMpdr(MpdrEnergy.Scalar));
        using var drift = LangevinSampler.Drift(g, z, settings);
        Assert.Multiple(() =>
        {
            Assert.That((drift * z).sum(1).abs().max().item<float>(), Is.LessThan(1e-5f), "⟨drift, z⟩ = 0");
            Assert.That(drift.norm(1).data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
        });
    }

    [Test]
    public void Sample_GivesDetachedBoundedNegatives_ForEveryEnsembleMember()
    {
        using var second = new AutoencoderNetwork(new NetworkSpec(64, 4, new[] { 32 }, null, true, DecoderOutput.Sigmoid));
        MpdrTrainer.Freeze(second);
        var options = TestModels.SmallMpdr(MpdrEnergy.Scalar);
        using var energy = (ScalarEnergyNetwork)MpdrTrainer.CreateEnergy(options, _manifold, 64, torch.CPU);
        var sampler = new ManifoldProjectionDiffusion(new[] { _manifold, second }, MpdrTrainer.Perturbation(options),
            MpdrTrainer.LatentChain(options), MpdrTrainer.VisibleChain(options));
        using var scope = torch.NewDisposeScope();
        var negatives = sampler.Sample(torch.rand(15, 64), energy).Negatives;
        Assert.Multiple(() =>
        {
            Assert.That(negatives.shape, Is.EqualTo(new long[] { 15, 64 }), "an uneven batch is split 8 + 7");
            Assert.That(negatives.requires_grad, Is.False);
            Assert.That(negatives.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(negatives.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(energy.parameters().All(p => p.requires_grad), "the energy is unfrozen after sampling");
        });
    }
}
