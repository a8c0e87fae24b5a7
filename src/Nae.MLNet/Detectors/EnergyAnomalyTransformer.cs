using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Nae.MLNet.DataView;
using Nae.MLNet.Errors;
using Nae.MLNet.Persistence;
using Nae.MLNet.Scoring;
using Nae.MLNet.Torch;

namespace Nae.MLNet;

/// <summary>
/// A trained energy-based anomaly detector (autoencoder, NAE or MPDR). <see cref="Transform"/> adds two columns:
/// <list type="table">
/// <item><term>Score</term><description>Single: the energy E(x); higher = more anomalous.</description></item>
/// <item><term>PredictedLabel</term><description>Boolean: Score &gt; <see cref="Threshold"/>.</description></item>
/// </list>
/// Scoring is lazy and batched; the model saves and loads with <c>mlContext.Model.Save/Load</c> (call
/// <see cref="NaeMLNetCatalog.RegisterNaeMLNet"/> on a fresh MLContext before loading) and works with
/// <c>PredictionEngine</c> (one engine per thread).
/// </summary>
/// <remarks>
/// Ownership: the native network is shared, reference-counted, by this transformer, its <see cref="WithThreshold"/> /
/// <see cref="WithFalsePositiveRate"/> copies and every PredictionEngine row made from any of them; it is freed when
/// the last of them lets go. <see cref="Dispose"/> releases this transformer's reference (once; calling it again does
/// nothing). A PredictionEngine created with ML.NET's default options owns its model and disposes it with itself: the
/// model (this object) is then unusable (Transform, Save and copies throw <see cref="ObjectDisposedException"/>), while
/// other engines and copies keep working. Pass <c>new PredictionEngineOptions { OwnsTransformer = false }</c> to keep
/// using the model after an engine is disposed.
/// </remarks>
public sealed class EnergyAnomalyTransformer : ITransformer, IDisposable
{
    private readonly IHostEnvironment _environment;
    private readonly DetectorState _state;
    private readonly EnergyScorer _scorer;
    private readonly FeatureAttribution? _attribution;
    private int _disposed;

    internal EnergyAnomalyTransformer(IHostEnvironment environment, DetectorState state, EnergyScorer scorer, FeatureAttribution? attribution = null)
    {
        _environment = environment;
        _state = state;
        _scorer = scorer;
        _attribution = attribution;
    }

    /// <summary>The detector that trained this model, e.g. "Autoencoder".</summary>
    public string DetectorName => _state.DetectorName;

    /// <summary>The input column scored: a vector of <see cref="FeatureCount"/> Single values.</summary>
    public string FeatureColumnName => _state.FeatureColumnName;

    /// <summary>The feature vector size the model expects.</summary>
    public int FeatureCount => _scorer.FeatureCount;

    /// <summary>PredictedLabel is true for scores strictly above this threshold.</summary>
    public float Threshold => _state.Threshold;

    /// <summary>How many held-out normal rows the threshold rests on. With n rows, a requested false-positive rate α is
    /// kept (in expectation, for rows like the training rows) when α ≥ 1 / (n + 1); see
    /// <see cref="EnergyDetectorOptions.FalsePositiveRate"/>.</summary>
    public int CalibrationRowCount => _state.CalibrationScores.Length;

    /// <summary>One entry per training epoch: phase, losses, diagnostics and elapsed time.</summary>
    public IReadOnlyList<TrainingProgress> TrainingHistory => _state.History;

    /// <summary>Always true: the transformer scores row by row through <see cref="GetRowToRowMapper"/> too.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>A transformer sharing this model with a different threshold (no retraining).</summary>
    /// <param name="threshold">PredictedLabel will be true for scores strictly above it.</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN or infinite.</exception>
    public EnergyAnomalyTransformer WithThreshold(float threshold)
    {
        if (!float.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, ErrorMessages.ThresholdNotFinite(threshold));
        ThrowIfDisposed();
        return new EnergyAnomalyTransformer(_environment, _state with { Threshold = threshold }, _scorer.Acquire(), _attribution);
    }

    /// <summary>Whether the score splits into per-feature contributions (reconstruction energies: Autoencoder, NAE,
    /// MPDR-R; not MPDR-S's scalar energy).</summary>
    public bool CanExplainFeatures => _scorer.CanExplain;

    /// <summary>Whether <see cref="Transform"/> adds the FeatureContributions column (see <see cref="WithFeatureContributions()"/>).</summary>
    public bool AddsFeatureContributions => _attribution is not null;

    /// <summary>A transformer sharing this model that also adds <c>FeatureContributions</c>: a vector of Single, one value
    /// per feature, each feature's share of the score — for a reconstruction energy its term of the mean squared
    /// reconstruction error (× out_scale² for MPDR-R), so the values sum to Score exactly (up to float rounding).</summary>
    /// <remarks>The column is a scoring choice and is not saved: call this again on a loaded model.</remarks>
    /// <exception cref="NotSupportedException">The score does not decompose per feature (MPDR-S).</exception>
    public EnergyAnomalyTransformer WithFeatureContributions()
    {
        ThrowIfDisposed();
        if (!CanExplainFeatures) throw new NotSupportedException(ErrorMessages.NotExplainable());
        return new EnergyAnomalyTransformer(_environment, _state, _scorer.Acquire(), FeatureAttribution.Exact);
    }

    /// <summary>A transformer sharing this model that also adds <c>FeatureContributions</c> by gradient × input: feature
    /// d's value is ∂E/∂x_d · (x_d − baseline_d), a first-order attribution of E(x) − E(baseline) that every detector has
    /// (MPDR-S's scalar energy included). It is approximate: the values sum to that difference only where the energy is
    /// close to linear between the baseline and the row. A typical baseline is the per-feature median of the training rows.</summary>
    /// <param name="baseline">A reference point in feature space, <see cref="FeatureCount"/> finite values.</param>
    /// <remarks>The column is a scoring choice and is not saved: call this again on a loaded model.</remarks>
    /// <exception cref="ArgumentException">The baseline has another length or a non-finite value.</exception>
    public EnergyAnomalyTransformer WithFeatureContributions(float[] baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ThrowIfDisposed();
        if (baseline.Length != FeatureCount)
            throw new ArgumentException($"The baseline has {baseline.Length} values; the model takes {FeatureCount} features.", nameof(baseline));
        int bad = Array.FindIndex(baseline, v => !float.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"Baseline value {bad} is {baseline[bad]}; every value must be finite.", nameof(baseline));
        return new EnergyAnomalyTransformer(_environment, _state, _scorer.Acquire(), new FeatureAttribution((float[])baseline.Clone()));
    }

    /// <summary>A transformer sharing this model whose threshold keeps the false-positive rate at most
    /// <paramref name="falsePositiveRate"/>, from the same calibration rows (no retraining; see
    /// <see cref="EnergyDetectorOptions.FalsePositiveRate"/> for the guarantee).</summary>
    /// <param name="falsePositiveRate">Target fraction, 0 &lt; rate &lt; 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside (0, 1).</exception>
    public EnergyAnomalyTransformer WithFalsePositiveRate(double falsePositiveRate)
    {
        OptionChecks.OpenInterval(falsePositiveRate, 0, 1, nameof(falsePositiveRate));
        if (_state.CalibrationScores.Length == 0) throw new InvalidOperationException(ErrorMessages.NoCalibrationScores());
        return WithThreshold(Training.ThresholdCalibration.Threshold(_state.CalibrationScores, falsePositiveRate));
    }

    /// <summary>The input schema plus Score and PredictedLabel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing, not a vector of Single, or of another size.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        return Settings.CheckedOutputSchema(inputSchema, FeatureColumnName);
    }

    /// <summary>Adds Score and PredictedLabel to <paramref name="input"/>, lazily: rows are scored in batches of the
    /// training batch size when a cursor reads an output column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing, not a vector of Single, or of another size.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public IDataView Transform(IDataView input)
    {
        ThrowIfDisposed();
        return Settings.ScoredView(input, FeatureColumnName);
    }

    /// <summary>A row-to-row mapper for <c>PredictionEngine</c>; each output row scores a batch of one.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return Settings.RowMapper(inputSchema, FeatureColumnName);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ThrowIfDisposed(); // before anything is written: a disposed model has no weights to save
        MlNetModelBridge.Save(ctx, DetectorModelFormat.Version, writer => DetectorModelFormat.Write(writer, _state, _scorer.Network));
    }

    /// <summary>Releases this transformer's reference to the native network, which is freed once every transformer,
    /// copy and PredictionEngine row sharing it has let go. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _scorer.Dispose();
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(EnergyAnomalyTransformer), ErrorMessages.ModelDisposed());
    }

    internal EnergyScorer Scorer => _scorer;

    internal DetectorState State => _state;

    internal IHostEnvironment Environment => _environment;

    private ScoringSettings Settings => new(_scorer, Threshold, _state.BatchSize, _attribution);

    /// <summary>ML.NET's loader entry point (found through the catalog registration, called by reflection).</summary>
    internal static EnergyAnomalyTransformer Create(IHostEnvironment env, object ctx)
    {
        var (state, network) = MlNetModelBridge.Load(ctx, DetectorModelFormat.Version, DetectorModelFormat.Read);
        // A model trained on a GPU scores on the CPU where no GPU is available.
        return new EnergyAnomalyTransformer(env, state, new EnergyScorer(network, DeviceSelection.ForLoading(state.Device)));
    }

    /// <summary>Registers this library's loaders (single detectors and score ensembles) with <paramref name="env"/>.</summary>
    internal static void RegisterLoader(IHostEnvironment env)
    {
        MlNetModelBridge.RegisterLoader(env, DetectorModelFormat.Version, typeof(EnergyAnomalyTransformer),
            typeof(EnergyAnomalyTransformer).GetMethod(nameof(Create), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        ScoreEnsembleTransformer.RegisterLoader(env);
    }
}
