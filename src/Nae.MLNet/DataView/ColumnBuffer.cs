using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.DataView;

/// <summary>
/// Holds one input column's values for a batch of read-ahead rows, so that pass-through columns stay aligned with
/// their rows while the cursor scores the batch. Vectors are deep-copied; scalars and text are copied by value;
/// other reference types (e.g. images) are kept by reference.
/// </summary>
internal abstract class ColumnBuffer
{
    public static ColumnBuffer Create(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        var type = column.Type is VectorDataViewType vector
            ? typeof(VectorColumnBuffer<>).MakeGenericType(vector.ItemType.RawType)
            : typeof(ScalarColumnBuffer<>).MakeGenericType(column.Type.RawType);
        return (ColumnBuffer)Activator.CreateInstance(type, input, column, capacity)!;
    }

    /// <summary>Copies the input's current value into <paramref name="slot"/>.</summary>
    public abstract void Store(int slot);

    /// <summary>A getter that reads the value at the slot <paramref name="currentSlot"/> returns.</summary>
    public abstract Delegate MakeGetter(Func<int> currentSlot);
}

internal sealed class ScalarColumnBuffer<T> : ColumnBuffer
{
    private readonly ValueGetter<T> _source;
    private readonly T[] _values;

    public ScalarColumnBuffer(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        _source = input.GetGetter<T>(column);
        _values = new T[capacity];
    }

    public override void Store(int slot) => _source(ref _values[slot]);

    public override Delegate MakeGetter(Func<int> currentSlot) => (ValueGetter<T>)((ref T value) => value = _values[currentSlot()]);
}

internal sealed class VectorColumnBuffer<T> : ColumnBuffer
{
    private readonly ValueGetter<VBuffer<T>> _source;
    private readonly VBuffer<T>[] _values;
    private VBuffer<T> _scratch;

    public VectorColumnBuffer(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        _source = input.GetGetter<VBuffer<T>>(column);
        _values = new VBuffer<T>[capacity];
    }

    public override void Store(int slot)
    {
        _source(ref _scratch);
        _scratch.CopyTo(ref _values[slot]);
    }

    public override Delegate MakeGetter(Func<int> currentSlot) =>
        (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[currentSlot()].CopyTo(ref value));
}
