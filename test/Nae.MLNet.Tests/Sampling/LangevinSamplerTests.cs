using Nae.MLNet.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Tests.Sampling;

/// <summary>Known-answer tests of the Langevin chain on analytic energies.</summary>
public class LangevinSamplerTests
{
    /// <summary>E(x) = ½‖x‖² per sample, so ∇E(x) = x.</summary>
    private static Tensor Quadratic(Tensor x) => 0.5 * x.square().sum(1);

    private static LangevinSettings Settings(int steps = 1, double stepSize = 0.1, double noise = 0, bool anneal = false,
        double? clip = null, GradientClipMode mode = GradientClipMode.ElementWise, ChainBound? bound = null, double temperature = 1) =>
        new(steps, stepSize, noise, anneal, clip, mode, bound ?? ChainBound.None, temperature);

    [SetUp]
    public void Seed() => torch.random.manual_seed(1);

    [Test]
    public void EnergyAndGradient_MatchesTheAnalyticGradient()
    {
        using var x = torch.tensor(new float[] { 1, -2, 3, 0.5f }, new long[] { 2, 2 });
        var (energy, gradient) = LangevinSampler.EnergyAndGradient(Quadratic, x);
        Assert.Multiple(() =>
        {
            Assert.That(energy.data<float>().ToArray(), Is.EqualTo(new[] { 2.5f, 4.625f }).Within(1e-6));
            Assert.That(gradient.data<float>().ToArray(), Is.EqualTo(x.data<float>().ToArray()).Within(1e-6));
        });
    }

    [Test]
    public void OneStep_WithoutNoise_IsAGradientStepOverTemperature()
    {
        using var x0 = torch.tensor(new float[] { 1, -2, 3, 0.5f }, new long[] { 2, 2 });
        var result = LangevinSampler.Sample(Quadratic, x0, Settings(stepSize: 0.1, temperature: 2));
        // x1 = x0 − 0.1 · x0 / 2 = 0.95 · x0
        Assert.That(result.Sample.data<float>().ToArray(), Is.EqualTo(new[] { 0.95f, -1.9f, 2.85f, 0.475f }).Within(1e-6));
        Assert.That(x0.data<float>()[0], Is.EqualTo(1f), "the start is not modified");
    }

    [Test]
    public void ManySteps_WithoutNoise_ContractGeometrically()
    {
        using var x0 = torch.tensor(new float[] { 4, -8 }, new long[] { 1, 2 });
        var result = LangevinSampler.Sample(Quadratic, x0, Settings(steps: 5, stepSize: 0.5));
        // each step multiplies by (1 − 0.5): 0.5⁵ = 1/32
        Assert.That(result.Sample.data<float>().ToArray(), Is.EqualTo(new[] { 0.125f, -0.25f }).Within(1e-6));
    }

    [Test]
    public void ElementWiseClip_BoundsEachMove()
    {
        using var x0 = torch.tensor(new float[] { 5, -0.001f }, new long[] { 1, 2 });
        var result = LangevinSampler.Sample(Quadratic, x0, Settings(stepSize: 10, clip: 0.01));
        // gradient (5, −0.001) clamped to (0.01, −0.001): moves of 0.1 and 0.01
        Assert.That(result.Sample.data<float>().ToArray(), Is.EqualTo(new[] { 4.9f, 0.009f }).Within(1e-5));
    }

    [Test]
    public void ClampBound_KeepsTheChainInside()
    {
        using var x0 = torch.rand(64, 10);
        var result = LangevinSampler.Sample(x => -x.sum(1), x0, Settings(steps: 3, stepSize: 1, noise: 0.5, bound: ChainBound.Clamp(0, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Sample.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(result.Sample.max().item<float>(), Is.LessThanOrEqualTo(1f));
        });
    }

    [Test]
    public void SphereBound_KeepsUnitNorm()
    {
        using var z0 = Nae.MLNet.Networks.SphereProjection.Project(torch.randn(32, 5));
        var result = LangevinSampler.Sample(Quadratic, z0, Settings(steps: 4, stepSize: 0.3, noise: 0.2, bound: ChainBound.Sphere));
        Assert.That(result.Sample.norm(1).data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
    }

    [Test]
    public void NoiseAnnealing_FollowsSigmaOverMaxOneI()
    {
        var settings = Settings(noise: 0.6, anneal: true);
        Assert.That(Enumerable.Range(0, 5).Select(settings.NoiseAt), Is.EqualTo(new[] { 0.6, 0.6, 0.3, 0.2, 0.15 }).Within(1e-12));
        Assert.That(Settings(noise: 0.6).NoiseAt(4), Is.EqualTo(0.6));
    }

    [Test]
    public void NoiseAnnealing_ShowsInTheChainsIncrements()
    {
        // A flat energy has no drift, so step i adds exactly σ_i · ε: the spread after k steps is σ·sqrt(Σ 1/max(1,i)²).
        using var x0 = torch.zeros(20000, 4);
        var result = LangevinSampler.Sample(x => 0 * x.sum(1), x0, Settings(steps: 3, noise: 0.6, anneal: true));
        double expected = 0.6 * Math.Sqrt(1 + 1 + 0.25);
        Assert.That(result.Sample.std().item<float>(), Is.EqualTo(expected).Within(0.02));
    }

    [Test]
    public void Sample_IsDetached_AndNetworkParametersGetNoGradient()
    {
        var linear = nn.Linear(3, 1);
        foreach (var p in linear.parameters()) p.requires_grad_(false);
        using var x0 = torch.randn(8, 3);
        var result = LangevinSampler.Sample(x => linear.forward(x).squeeze(1).square(), x0, Settings(steps: 2, noise: 0.1));
        Assert.Multiple(() =>
        {
            Assert.That(result.Sample.requires_grad, Is.False);
            Assert.That(linear.parameters().All(p => p.grad is null), Is.True);
        });
    }

    [Test]
    public void MetropolisHastings_SmallStepsAreAlmostAlwaysAccepted_AndRateIsReported()
    {
        using var x0 = torch.randn(2000, 2);
        var small = LangevinSampler.Sample(Quadratic, x0, Settings(steps: 5, stepSize: 1e-4, noise: Math.Sqrt(2e-4)) with { MetropolisHastings = true });
        var large = LangevinSampler.Sample(Quadratic, x0, Settings(steps: 5, stepSize: 1.9, noise: 3) with { MetropolisHastings = true });
        Assert.Multiple(() =>
        {
            Assert.That(small.AcceptanceRate, Is.GreaterThan(0.98));
            Assert.That(large.AcceptanceRate, Is.LessThan(small.AcceptanceRate!.Value));
            Assert.That(large.Sample.isfinite().all().item<bool>(), Is.True);
        });
    }

    [Test]
    public void MetropolisHastings_SamplesTheTargetDistribution()
    {
        // exp(−½‖x‖²) is N(0, I); MALA with a large step still leaves it invariant.
        using var x0 = torch.randn(4000, 1) * 3;
        var result = LangevinSampler.Sample(Quadratic, x0, Settings(steps: 60, stepSize: 0.5, noise: 1.0) with { MetropolisHastings = true });
        Assert.That(result.Sample.std().item<float>(), Is.EqualTo(1.0).Within(0.08));
    }
}
