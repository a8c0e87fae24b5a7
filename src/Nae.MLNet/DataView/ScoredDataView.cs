using Microsoft.ML;

namespace Nae.MLNet.DataView;

/// <summary>
/// The lazy output of <c>Transform</c>: the input's columns plus <c>Score</c> and <c>PredictedLabel</c>. Nothing is
/// scored until a cursor asks for an output column; then rows are scored in mini-batches, one forward pass each.
/// </summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly ScoringSettings _settings;
    private readonly DataViewSchema.Column _features;

    public ScoredDataView(IDataView input, ScoringSettings settings, DataViewSchema.Column features)
    {
        _input = input;
        _settings = settings;
        _features = features;
        Schema = settings.OutputSchema(input.Schema);
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        bool scoring = Schema.Skip(_input.Schema.Count).Any(c => needed.Contains(c.Index));
        var inputColumns = _input.Schema.Where(c => needed.Contains(c.Index)).ToList();
        if (!scoring)
            return new PassThroughCursor(Schema, _input.GetRowCursor(inputColumns, rand));
        if (!inputColumns.Any(c => c.Index == _features.Index))
            inputColumns.Add(_features);
        var cursor = _input.GetRowCursor(inputColumns, rand);
        return new BatchScoringCursor(Schema, cursor, needed, _settings, _features);
    }

    /// <summary>Returns a single cursor: scoring is batched and libtorch uses its own intra-op threads.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };
}
