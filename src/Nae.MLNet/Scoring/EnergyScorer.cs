using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Scoring;

/// <summary>
/// Scores flat feature rows with a trained network's energy, one forward pass per batch, under <c>no_grad</c> and a
/// dispose scope. The network is in eval mode and read-only, so one scorer may serve many threads at once.
/// </summary>
internal sealed class EnergyScorer : IBatchScorer
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

    public long BatchCalls => Interlocked.Read(ref _batchCalls);

    /// <summary>True once every owner has released the scorer (the network is freed).</summary>
    public bool IsReleased => Volatile.Read(ref _owners) <= 0;

    /// <summary>
    /// Scores <paramref name="rows"/> rows of <paramref name="features"/> (row-major, <see cref="FeatureCount"/> each)
    /// into <paramref name="scores"/>. A row with a NaN or infinite feature, or whose energy is not finite, scores
    /// +∞: it is unlike every training row, so it is flagged anomalous rather than passed as normal.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Every owner of the model has disposed it.</exception>
    public void Score(float[] features, int rows, Span<float> scores)
    {
        if (rows == 0) return;
        ThrowIfReleased();
        Interlocked.Increment(ref _batchCalls);
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            // A view of the caller's buffer (pinned while the tensor lives, no copy): torch.tensor(float[]) copied it into a
            // new large array per batch, which cost a third of the batch's time in allocations and full garbage collections.
            var x = torch.frombuffer(features, ScalarType.Float32, count: (long)rows * FeatureCount).view(rows, FeatureCount).to(_device);
            var energy = Network.Energy(x).cpu();
            energy.data<float>().CopyTo(scores[..rows]);
        }
        for (int row = 0; row < rows; row++)
            if (!float.IsFinite(scores[row]) || !AllFinite(features.AsSpan(row * FeatureCount, FeatureCount)))
                scores[row] = float.PositiveInfinity;
    }

    public bool CanExplain
    {
        get
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            return Network.Contributions(torch.zeros(1, FeatureCount, device: _device)) is not null;
        }
    }

    public void Explain(float[] features, int rows, Span<float> contributions)
    {
        if (rows == 0) return;
        ThrowIfReleased();
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            var x = torch.frombuffer(features, ScalarType.Float32, count: (long)rows * FeatureCount).view(rows, FeatureCount).to(_device);
            var terms = Network.Contributions(x) ?? throw new NotSupportedException(Errors.ErrorMessages.NotExplainable());
            terms.cpu().data<float>().CopyTo(contributions[..(rows * FeatureCount)]);
        }
        for (int row = 0; row < rows; row++)
            if (!AllFinite(features.AsSpan(row * FeatureCount, FeatureCount)))
                contributions.Slice(row * FeatureCount, FeatureCount).Fill(float.PositiveInfinity);
    }

    public float[] ScoreAll(Tensor x, int batchSize)
    {
        ThrowIfReleased();
        return Training.EnergyStatistics.Energies(Network, x, batchSize);
    }

    /// <summary>Adds an owner: the network lives until every owner has called <see cref="Dispose"/> once.</summary>
    /// <exception cref="ObjectDisposedException">The network was already freed.</exception>
    IBatchScorer IBatchScorer.Acquire() => Acquire();

    public EnergyScorer Acquire()
    {
        for (int owners = Volatile.Read(ref _owners); ; owners = Volatile.Read(ref _owners))
        {
            if (owners <= 0) throw Released();
            if (Interlocked.CompareExchange(ref _owners, owners + 1, owners) == owners) return this;
        }
    }

    /// <summary>Releases one owner's reference (call once per owner); the last release frees the network.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _owners) == 0) Network.Dispose();
    }

    public void ThrowIfReleased()
    {
        if (IsReleased) throw Released();
    }

    private static ObjectDisposedException Released() => new(nameof(EnergyAnomalyTransformer), Errors.ErrorMessages.ModelDisposed());

    private static bool AllFinite(ReadOnlySpan<float> row)
    {
        foreach (float value in row)
            if (!float.IsFinite(value)) return false;
        return true;
    }
}
