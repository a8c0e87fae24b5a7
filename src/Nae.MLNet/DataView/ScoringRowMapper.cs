using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Errors;

namespace Nae.MLNet.DataView;

/// <summary>
/// Row-by-row scoring for <c>PredictionEngine</c>: each output row scores a batch of one, cached by the input row's
/// Position so that Score and PredictedLabel share one forward pass. Use one engine per thread.
/// </summary>
internal sealed class ScoringRowMapper : IRowToRowMapper
{
    private readonly ScoringSettings _settings;
    private readonly DataViewSchema.Column _features;

    public ScoringRowMapper(DataViewSchema inputSchema, ScoringSettings settings, DataViewSchema.Column features)
    {
        InputSchema = inputSchema;
        OutputSchema = settings.OutputSchema(inputSchema);
        _settings = settings;
        _features = features;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var result = new HashSet<int>();
        foreach (var column in dependingColumns)
            result.Add(column.Index < InputSchema.Count ? column.Index : _features.Index);
        return InputSchema.Where(c => result.Contains(c.Index)).ToList();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new ScoredRow(this, input, activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class ScoredRow : DataViewRow
    {
        private readonly ScoringRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly float[] _features;
        private readonly float[] _score = new float[1];
        private ValueGetter<VBuffer<float>>? _featureGetter;
        private VBuffer<float> _scratch;
        private long _scoredPosition = -1, _explainedPosition = -1;
        private float[]? _contributions;
        private int _released = 1; // until the reference is taken: a failed constructor must release nothing

        /// <summary>Takes a reference to the network, so that a PredictionEngine keeps working when another engine
        /// disposes the model they share; released when the row is disposed or collected.</summary>
        public ScoredRow(ScoringRowMapper mapper, DataViewRow input, HashSet<int> active)
        {
            _mapper = mapper;
            _input = input;
            _active = active;
            _features = new float[mapper._settings.Scorer.FeatureCount];
            mapper._settings.Scorer.Acquire();
            _released = 0;
        }

        ~ScoredRow() => Dispose(false);

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _mapper._settings.Scorer.Dispose();
            base.Dispose(disposing);
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException(ErrorMessages.ColumnNotActive(column.Name));
            if (column.Index < _mapper.InputSchema.Count)
                return _input.GetGetter<TValue>(_mapper.InputSchema[column.Index]);
            float threshold = _mapper._settings.Threshold;
            Delegate getter = column.Index == _mapper.OutputSchema[ScoreColumns.Score].Index
                ? (ValueGetter<float>)((ref float value) => value = CurrentScore())
                : column.Index == _mapper.OutputSchema[ScoreColumns.PredictedLabel].Index
                    ? (ValueGetter<bool>)((ref bool value) => value = CurrentScore() > threshold)
                    : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => FeatureVectors.Fill(ref value, CurrentContributions()));
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(ErrorMessages.GetterType(column.Name, column.Type, typeof(TValue).Name));
        }

        /// <summary>The current row's contributions, computed once per row position (as its score is).</summary>
        private ReadOnlySpan<float> CurrentContributions()
        {
            if (_explainedPosition != _input.Position || _input.Position < 0)
            {
                _contributions ??= new float[_features.Length];
                ReadFeatures();
                _mapper._settings.Scorer.Explain(_features, 1, _contributions, _mapper._settings.Attribution!);
                _explainedPosition = _input.Position;
            }
            return _contributions;
        }

        private void ReadFeatures()
        {
            _featureGetter ??= _input.GetGetter<VBuffer<float>>(_mapper._features);
            _featureGetter(ref _scratch);
            FeatureVectors.CopyRow(_scratch, _features, _mapper._features.Name, _input.Position);
        }

        private float CurrentScore()
        {
            if (_scoredPosition != _input.Position || _input.Position < 0)
            {
                ReadFeatures();
                _mapper._settings.Scorer.Score(_features, 1, _score);
                _scoredPosition = _input.Position;
            }
            return _score[0];
        }
    }
}
