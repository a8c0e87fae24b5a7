using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Nae.MLNet.DataView;
using Nae.MLNet.Errors;
using Nae.MLNet.Persistence;
using Nae.MLNet.Scoring;
using Nae.MLNet.Torch;
using Nae.MLNet.Training;

namespace Nae.MLNet;

/// <summary>
/// Several trained detectors scored as one: each member's score is mapped through its empirical CDF on its own held-out
/// normal rows (so that members on different scales count alike) and the mapped scores are averaged. Adds Score
/// (in [0, 1], higher = more anomalous; +∞ for a row with NaN or infinite features) and PredictedLabel (Score &gt;
/// <see cref="Threshold"/>), lazily and in batches, like a single detector; saves and loads with
/// <c>mlContext.Model.Save/Load</c> (register with <see cref="NaeMLNetCatalog.RegisterNaeMLNet"/>, or load with
/// <c>LoadWithNaeMLNet</c>). Averaging a few good configurations is a robust default when no labels can choose one
/// (hyper-ensembles; see docs/automl.md).
/// </summary>
public sealed class ScoreEnsembleTransformer : ITransformer, IDisposable
{
    private readonly IHostEnvironment _environment;
    private readonly EnsembleState _state;
    private readonly EnsembleScorer _scorer;
    private readonly IReadOnlyList<DetectorState> _members;
    private int _disposed;

    private ScoreEnsembleTransformer(IHostEnvironment environment, EnsembleState state, EnsembleScorer scorer, IReadOnlyList<DetectorState> members)
    {
        _environment = environment;
        _state = state;
        _scorer = scorer;
        _members = members;
        EnergyAnomalyTransformer.RegisterLoader(environment);
    }

    /// <summary>An ensemble of <paramref name="members"/> (which it shares: each keeps working on its own), whose threshold
    /// keeps the false-positive rate on rows like <paramref name="calibrationRows"/> (held-out normal rows that none of the
    /// members trained on) at most <paramref name="falsePositiveRate"/>.</summary>
    /// <param name="members">Trained detectors with the same feature column and size; at least one, at most 64.</param>
    /// <param name="calibrationRows">Held-out normal rows with the members' feature column.</param>
    /// <param name="falsePositiveRate">0 &lt; rate &lt; 1.</param>
    /// <exception cref="ArgumentException">No members, too many, or members that take different features.</exception>
    public static ScoreEnsembleTransformer Create(IReadOnlyList<EnergyAnomalyTransformer> members, IDataView calibrationRows, double falsePositiveRate)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(calibrationRows);
        OptionChecks.OpenInterval(falsePositiveRate, 0, 1, nameof(falsePositiveRate));
        if (members.Count is < 1 or > 64) throw new ArgumentException($"An ensemble has between 1 and 64 members, but {members.Count} were given.", nameof(members));
        var first = members[0];
        if (members.Any(m => m.FeatureColumnName != first.FeatureColumnName || m.FeatureCount != first.FeatureCount))
            throw new ArgumentException($"Every member must score feature column '{first.FeatureColumnName}' of {first.FeatureCount} values.", nameof(members));
        var scorers = new List<EnergyScorer>();
        try
        {
            foreach (var member in members) scorers.Add(member.Scorer.Acquire());
        }
        catch
        {
            foreach (var scorer in scorers) scorer.Dispose();
            throw;
        }
        var states = members.Select(m => m.State).ToList();
        var ensembleScorer = new EnsembleScorer(scorers, states.Select(s => s.CalibrationScores).ToList());
        try
        {
            var (features, _) = FeatureColumnSchema.Check(calibrationRows.Schema, first.FeatureColumnName, first.FeatureCount);
            var scored = new ScoredDataView(calibrationRows, new ScoringSettings(ensembleScorer, float.PositiveInfinity, first.State.BatchSize), features);
            var scores = scored.GetColumn<float>(ScoreColumns.Score).ToArray();
            if (scores.Length == 0) throw new ArgumentException("The calibration rows are empty.", nameof(calibrationRows));
            Array.Sort(scores);
            float threshold = ThresholdCalibration.Threshold(scores, falsePositiveRate);
            var state = new EnsembleState(first.FeatureColumnName, first.State.BatchSize, threshold, falsePositiveRate, scores.Length);
            return new ScoreEnsembleTransformer(first.Environment, state, ensembleScorer, states);
        }
        catch
        {
            ensembleScorer.Dispose();
            throw;
        }
    }

    /// <summary>The members' detector names (persisted names), in order.</summary>
    public IReadOnlyList<string> MemberDetectors => _members.Select(m => m.DetectorName).ToList();

    /// <summary>The input column scored.</summary>
    public string FeatureColumnName => _state.FeatureColumnName;

    /// <summary>The feature vector size the members expect.</summary>
    public int FeatureCount => _scorer.FeatureCount;

    /// <summary>PredictedLabel is true for combined scores strictly above this threshold.</summary>
    public float Threshold => _state.Threshold;

    /// <summary>The false-positive rate the threshold was calibrated for.</summary>
    public double FalsePositiveRate => _state.FalsePositiveRate;

    /// <summary>How many held-out normal rows the threshold rests on.</summary>
    public int CalibrationRowCount => _state.CalibrationRowCount;

    /// <summary>Always true: scores row by row through <see cref="GetRowToRowMapper"/> too.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus Score and PredictedLabel.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        return Settings.CheckedOutputSchema(inputSchema, FeatureColumnName);
    }

    /// <summary>Adds Score and PredictedLabel, lazily, in batches.</summary>
    /// <exception cref="ObjectDisposedException">The ensemble was disposed.</exception>
    public IDataView Transform(IDataView input)
    {
        ThrowIfDisposed();
        return Settings.ScoredView(input, FeatureColumnName);
    }

    /// <summary>A row-to-row mapper for <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return Settings.RowMapper(inputSchema, FeatureColumnName);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ThrowIfDisposed();
        MlNetModelBridge.Save(ctx, EnsembleModelFormat.Version, writer => EnsembleModelFormat.Write(writer, _state,
            _members.Zip(_scorer.Members, (state, scorer) => (state, scorer.Network)).ToList()));
    }

    /// <summary>Releases this ensemble's reference to its members' networks (the members' own transformers keep theirs).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _scorer.Dispose();
    }

    private ScoringSettings Settings => new(_scorer, Threshold, _state.BatchSize);

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(ScoreEnsembleTransformer), ErrorMessages.ModelDisposed());
    }

    /// <summary>ML.NET's loader entry point.</summary>
    internal static ScoreEnsembleTransformer Create(IHostEnvironment env, object ctx)
    {
        var (state, members) = MlNetModelBridge.Load(ctx, EnsembleModelFormat.Version, EnsembleModelFormat.Read);
        var scorers = members.Select(m => new EnergyScorer(m.Network, DeviceSelection.ForLoading(m.State.Device))).ToList();
        var scorer = new EnsembleScorer(scorers, members.Select(m => m.State.CalibrationScores).ToList());
        return new ScoreEnsembleTransformer(env, state, scorer, members.Select(m => m.State).ToList());
    }

    internal static void RegisterLoader(IHostEnvironment env) =>
        MlNetModelBridge.RegisterLoader(env, EnsembleModelFormat.Version, typeof(ScoreEnsembleTransformer),
            typeof(ScoreEnsembleTransformer).GetMethod(nameof(Create), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static,
                new[] { typeof(IHostEnvironment), typeof(object) })!);
}
