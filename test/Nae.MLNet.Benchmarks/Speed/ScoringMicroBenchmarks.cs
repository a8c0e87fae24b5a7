using BenchmarkDotNet.Attributes;
using Nae.MLNet.Networks;
using Nae.MLNet.Sampling;
using Nae.MLNet.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of one batch of 128 MNIST-shaped rows through the CPU preset's network
/// (MLP 784-512-256-32): the raw energy on a tensor already built (the baseline), the library's batch scoring from a
/// float[] buffer (tensor creation and copying back included), and one Langevin gradient evaluation (what every chain
/// step costs). Run with <c>-- micro</c>.
/// </summary>
[MemoryDiagnoser]
public class ScoringMicroBenchmarks
{
    private const int Batch = 128, Features = 784;
    private EnergyScorer _scorer = null!;
    private Tensor _x = null!;
    private float[] _buffer = null!, _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.manual_seed(1);
        var network = AutoencoderNetwork.Create(SettingsFromOptions.Network(NormalizedAutoencoderOptions.Fast(), Features), torch.CPU);
        _scorer = new EnergyScorer(network, torch.CPU);
        var random = new Random(1);
        _buffer = Enumerable.Range(0, Batch * Features).Select(_ => (float)random.NextDouble()).ToArray();
        _x = torch.tensor(_buffer, new long[] { Batch, Features }).DetachFromDisposeScope();
        _scores = new float[Batch];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x.Dispose();
        _scorer.Dispose();
    }

    /// <summary>The energy of a tensor already in memory, under no_grad and a dispose scope.</summary>
    [Benchmark(Baseline = true)]
    public float RawForward()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        return _scorer.Network.Energy(_x).sum().item<float>();
    }

    /// <summary>What a Transform cursor calls per batch: float[] → tensor → energy → float[].</summary>
    [Benchmark]
    public float ScoreBatch()
    {
        _scorer.Score(_buffer, Batch, _scores);
        return _scores[0];
    }

    /// <summary>One chain step's gradient: E(x) and ∇ₓE with the network frozen.</summary>
    [Benchmark]
    public float LangevinGradient()
    {
        using var frozen = new FrozenForSampling(_scorer.Network.Module);
        using var scope = torch.NewDisposeScope();
        var (_, gradient) = LangevinSampler.EnergyAndGradient(_scorer.Network.Energy, _x);
        return gradient.abs().max().item<float>();
    }
}
