using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Errors;

namespace Nae.MLNet.DataView;

/// <summary>
/// Reads up to BatchSize rows ahead from one input cursor, buffers their active pass-through values and row IDs,
/// scores the batch with one forward pass, then replays the rows. The cursor owns Position (one per output row);
/// IDs are the input's, so rows keep their identity.
/// </summary>
internal sealed class BatchScoringCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly ScoringSettings _settings;
    private readonly Dictionary<int, ColumnBuffer> _buffers = new();
    private readonly ValueGetter<DataViewRowId> _inputId;
    private readonly ValueGetter<VBuffer<float>> _inputFeatures;
    private readonly HashSet<int> _active;
    private readonly int _scoreIndex, _labelIndex, _contributionsIndex, _featureCount;
    private readonly string _featureColumn;
    private readonly DataViewRowId[] _ids;
    private readonly float[] _features, _scores;
    private readonly float[]? _contributions;
    private VBuffer<float> _featureScratch;
    private int _count, _slot = -1;
    private long _position = -1;
    private bool _inputExhausted;

    public BatchScoringCursor(DataViewSchema schema, DataViewRowCursor input, HashSet<int> active,
        ScoringSettings settings, DataViewSchema.Column features)
    {
        Schema = schema;
        _input = input;
        _active = active;
        _settings = settings;
        _scoreIndex = schema[ScoreColumns.Score].Index;
        _labelIndex = schema[ScoreColumns.PredictedLabel].Index;
        _contributionsIndex = schema.GetColumnOrNull(ScoreColumns.FeatureContributions)?.Index ?? -1;
        _featureCount = settings.Scorer.FeatureCount;
        _featureColumn = features.Name;
        int capacity = settings.BatchSize;
        foreach (var column in input.Schema.Where(c => active.Contains(c.Index)))
            _buffers[column.Index] = ColumnBuffer.Create(input, column, capacity);
        _inputId = input.GetIdGetter();
        _inputFeatures = input.GetGetter<VBuffer<float>>(features);
        _ids = new DataViewRowId[capacity];
        _features = new float[capacity * _featureCount];
        _scores = new float[capacity];
        if (_contributionsIndex >= 0 && active.Contains(_contributionsIndex)) _contributions = new float[capacity * _featureCount];
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override bool MoveNext()
    {
        if (_slot + 1 >= _count)
        {
            if (_inputExhausted || !Refill()) return false;
            _slot = -1;
        }
        _slot++;
        _position++;
        return true;
    }

    private bool Refill()
    {
        _count = 0;
        while (_count < _ids.Length && _input.MoveNext())
        {
            foreach (var buffer in _buffers.Values) buffer.Store(_count);
            _inputId(ref _ids[_count]);
            _inputFeatures(ref _featureScratch);
            FeatureVectors.CopyRow(_featureScratch, _features.AsSpan(_count * _featureCount, _featureCount), _featureColumn, _input.Position);
            _count++;
        }
        _inputExhausted = _count < _ids.Length;
        _settings.Scorer.Score(_features, _count, _scores);
        if (_contributions is not null) _settings.Scorer.Explain(_features, _count, _contributions, _settings.Attribution!);
        return _count > 0;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[CurrentSlot()];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column))
            throw new InvalidOperationException(ErrorMessages.ColumnNotActive(column.Name));
        Delegate getter = column.Index == _scoreIndex
            ? (ValueGetter<float>)((ref float value) => value = _scores[CurrentSlot()])
            : column.Index == _labelIndex
                ? (ValueGetter<bool>)((ref bool value) => value = _scores[CurrentSlot()] > _settings.Threshold)
                : column.Index == _contributionsIndex
                    ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                        FeatureVectors.Fill(ref value, _contributions.AsSpan(CurrentSlot() * _featureCount, _featureCount)))
                    : _buffers[column.Index].MakeGetter(CurrentSlot);
        return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(ErrorMessages.GetterType(column.Name, column.Type, typeof(TValue).Name));
    }

    private int CurrentSlot() => _slot >= 0 && _slot < _count
        ? _slot
        : throw new InvalidOperationException(ErrorMessages.CursorNotOnRow());

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
