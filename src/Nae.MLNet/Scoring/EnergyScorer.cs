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
    private readonly ReferenceCount _owners;
    private long _batchCalls;

    public EnergyScorer(IEnergyNetwork network, Device device)
    {
        Network = network;
        _device = device;
        _owners = new ReferenceCount(network.Dispose);
        Network.Module.to(device);
        Network.Module.eval();
    }

    public IEnergyNetwork Network { get; }

    public int FeatureCount => Network.Spec.InputDimension;

    public long BatchCalls => Interlocked.Read(ref _batchCalls);

    /// <summary>True once every owner has released the scorer (the network is freed).</summary>
    public bool IsReleased => _owners.IsReleased;

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
            if (!float.IsFinite(scores[row]) || !FiniteRows.RowIsFinite(features, row, FeatureCount))
                scores[row] = float.PositiveInfinity;
    }

    public bool CanExplain => Network.HasContributions;

    public void Explain(float[] features, int rows, Span<float> contributions, FeatureAttribution attribution)
    {
        if (rows == 0) return;
        ThrowIfReleased();
        if (attribution.Baseline is { } baseline) ExplainByGradient(features, rows, contributions, baseline);
        else
        {
            using (torch.no_grad())
            using (torch.NewDisposeScope())
            {
                var x = torch.frombuffer(features, ScalarType.Float32, count: (long)rows * FeatureCount).view(rows, FeatureCount).to(_device);
                var terms = Network.Contributions(x) ?? throw new NotSupportedException(Errors.ErrorMessages.NotExplainable());
                terms.cpu().data<float>().CopyTo(contributions[..(rows * FeatureCount)]);
            }
        }
        for (int row = 0; row < rows; row++)
            if (!FiniteRows.RowIsFinite(features, row, FeatureCount))
                contributions.Slice(row * FeatureCount, FeatureCount).Fill(float.PositiveInfinity);
    }

    /// <summary>∂E/∂x · (x − baseline) per feature, by autograd on a copy of the rows (the network's weights are not touched).</summary>
    private void ExplainByGradient(float[] features, int rows, Span<float> contributions, float[] baseline)
    {
        using (torch.enable_grad())
        using (torch.NewDisposeScope())
        {
            var x = torch.frombuffer(features, ScalarType.Float32, count: (long)rows * FeatureCount).view(rows, FeatureCount)
                .to(_device).detach().clone().requires_grad_(true);
            var gradient = torch.autograd.grad(new[] { Network.Energy(x).sum() }, new[] { x })[0];
            var terms = gradient * (x.detach() - torch.tensor(baseline, device: _device));
            terms.cpu().data<float>().CopyTo(contributions[..(rows * FeatureCount)]);
        }
    }

    public float[] ScoreAll(Tensor x, int batchSize)
    {
        ThrowIfReleased();
        return Training.EnergyStatistics.Energies(Network, x, batchSize);
    }

    IBatchScorer IBatchScorer.Acquire() => Acquire();

    /// <summary>Adds an owner: the network lives until every owner has called <see cref="Dispose"/> once.</summary>
    /// <exception cref="ObjectDisposedException">The network was already freed.</exception>
    public EnergyScorer Acquire()
    {
        _owners.Acquire();
        return this;
    }

    /// <summary>Releases one owner's reference (call once per owner); the last release frees the network.</summary>
    public void Dispose() => _owners.Release();

    public void ThrowIfReleased() => _owners.ThrowIfReleased();
}
