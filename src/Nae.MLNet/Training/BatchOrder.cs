using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>Mini-batch row indices over repeated passes, reshuffled (torch's seeded generator) at every pass.</summary>
internal sealed class BatchOrder : IDisposable
{
    private readonly long _rows;
    private readonly int _batchSize;
    private Tensor? _order;
    private long _start;

    public BatchOrder(long rows, int batchSize)
    {
        _rows = rows;
        _batchSize = batchSize;
    }

    /// <summary>The next batch's row indices; the tensor belongs to the caller's dispose scope.</summary>
    public Tensor Next()
    {
        if (_order is null || _start >= _rows)
        {
            _order?.Dispose();
            _order = torch.randperm(_rows).DetachFromDisposeScope();
            _start = 0;
        }
        var batch = _order.narrow(0, _start, Math.Min(_batchSize, _rows - _start)).clone();
        _start += _batchSize;
        return batch;
    }

    public void Dispose() => _order?.Dispose();
}
