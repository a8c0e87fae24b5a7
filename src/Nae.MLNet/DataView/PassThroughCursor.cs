using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Errors;

namespace Nae.MLNet.DataView;

/// <summary>A cursor over the scored view when no output column is requested: it delegates to the input and scores nothing.</summary>
internal sealed class PassThroughCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;

    public PassThroughCursor(DataViewSchema schema, DataViewRowCursor input)
    {
        Schema = schema;
        _input = input;
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _input.Schema.Count && _input.IsColumnActive(_input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column))
            throw new InvalidOperationException(ErrorMessages.ColumnNotActive(column.Name));
        return _input.GetGetter<TValue>(_input.Schema[column.Index]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
