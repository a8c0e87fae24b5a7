using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Sampling;

/// <summary>
/// The authors' sample replay buffer for latent chain starts (NAE <c>SampleBuffer</c>): a FIFO of at most
/// <c>capacity</c> rows; each chain starts from the buffer with probability <c>replayRatio</c> (drawn with replacement),
/// otherwise fresh. Rows live in one preallocated tensor on the training device.
/// </summary>
internal sealed class ReplayBuffer : IDisposable
{
    private readonly Tensor _rows;
    private readonly Random _random;
    private readonly double _replayRatio;
    private int _count, _next;

    public ReplayBuffer(int capacity, int width, double replayRatio, Random random, Device device)
    {
        Capacity = capacity;
        _replayRatio = replayRatio;
        _random = random;
        _rows = capacity > 0 ? torch.zeros(new long[] { capacity, width }, device: device).DetachFromDisposeScope() : torch.empty(0);
    }

    public int Capacity { get; }

    public int Count => _count;

    /// <summary>Starting states for <paramref name="batch"/> chains: Binomial(batch, ratio) rows from the buffer, the rest from <paramref name="fresh"/>.</summary>
    public Tensor Initial(int batch, Func<int, Tensor> fresh)
    {
        int replayed = _count == 0 ? 0 : Enumerable.Range(0, batch).Count(_ => _random.NextDouble() < _replayRatio);
        if (replayed == 0) return fresh(batch);
        var index = torch.tensor(Enumerable.Range(0, replayed).Select(_ => (long)_random.Next(_count)).ToArray(), device: _rows.device);
        var fromBuffer = _rows.index_select(0, index);
        return replayed == batch ? fromBuffer : torch.cat(new[] { fromBuffer, fresh(batch - replayed) }, 0);
    }

    /// <summary>Appends the chains' final states, overwriting the oldest rows once full.</summary>
    public void Push(Tensor states)
    {
        if (Capacity == 0) return;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var rows = states.detach();
        if (rows.shape[0] > Capacity) rows = rows.narrow(0, rows.shape[0] - Capacity, Capacity);
        int n = (int)rows.shape[0];
        var positions = Enumerable.Range(0, n).Select(i => (long)((_next + i) % Capacity)).ToArray();
        _rows.index_copy_(0, torch.tensor(positions, device: _rows.device), rows);
        _next = (_next + n) % Capacity;
        _count = Math.Min(_count + n, Capacity);
    }

    /// <summary>Forgets every stored row (after a divergence, the stored states may be garbage).</summary>
    public void Clear() => _count = _next = 0;

    public void Dispose() => _rows.Dispose();
}
