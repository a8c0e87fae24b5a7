using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Scoring;

/// <summary>
/// Scores flat feature rows with a trained network's energy, one forward pass per batch, under <c>no_grad</c> and a
/// dispose scope. The network is in eval mode and read-only, so one scorer may serve many threads at once.
/// </summary>
internal sealed class EnergyScorer : IDisposable
{
    private readonly Device _device;
    private int _owners = 1;
    private long _batchCalls;

    public EnergyScorer(IEnergyNetwork network, Device device)
    {
        Network = network;
        _device = device;
        Network.Module.to(device);
        Network.Module.eval();
    }

    public IEnergyNetwork Network { get; }

    public int FeatureCount => Network.Spec.InputDimension;

    /// <summary>Number of forward passes made by <see cref="Score"/> (tests check batching and laziness with it).</summary>
    public long BatchCalls => Interlocked.Read(ref _batchCalls);

    /// <summary>Energies of <paramref name="rows"/> rows stored row-major in <paramref name="features"/>; written to <paramref name="scores"/>.</summary>
    public void Score(float[] features, int rows, Span<float> scores)
    {
        if (rows == 0) return;
        Interlocked.Increment(ref _batchCalls);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        // A view of the caller's buffer (pinned while the tensor lives, no copy): torch.tensor(float[]) copied it into a
        // new large array per batch, which cost a third of the batch's time in allocations and full garbage collections.
        var x = torch.frombuffer(features, ScalarType.Float32, count: (long)rows * FeatureCount).view(rows, FeatureCount).to(_device);
        var energy = Network.Energy(x).cpu();
        energy.data<float>().CopyTo(scores[..rows]);
    }

    /// <summary>Energies of all rows of a matrix already on the device, in batches; returns one score per row.</summary>
    public float[] ScoreAll(Tensor x, int batchSize) => Training.EnergyStatistics.Energies(Network, x, batchSize);

    /// <summary>Adds an owner (a transformer sharing this scorer, e.g. after WithThreshold); each owner disposes once.</summary>
    public EnergyScorer Acquire()
    {
        Interlocked.Increment(ref _owners);
        return this;
    }

    /// <summary>Releases one owner; the network is disposed when the last owner lets go.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _owners) == 0) Network.Dispose();
    }
}
