using System.Globalization;

namespace Nae.MLNet;

/// <summary>
/// A diagnostic for <see cref="EnergyDetectorOptions.CheckSet"/>: labelled rows and probe inputs that training scores
/// at every report (each autoencoder epoch, each NAE or MPDR report), so that <see cref="EnergyAnomalyTransformer.TrainingHistory"/> and
/// <see cref="EnergyDetectorOptions.Progress"/> show how detection evolves during training, not only the loss. Adds the
/// metrics <c>CheckAuroc</c> (the rows' AUROC, anomalies scoring higher is 1), <c>CheckNormalEnergy</c> and
/// <c>CheckAnomalyEnergy</c> (mean energies) and <c>Probe.NAME</c> (each probe's energy). Nothing here trains: the rows
/// are only scored (rows from a test set are fine for diagnosis; never select a model on them and report on them too).
/// </summary>
public sealed class TrainingCheck
{
    private readonly Dictionary<string, float[]> _probes = new(StringComparer.Ordinal);

    /// <summary>Labelled rows to score at every report.</summary>
    /// <param name="rows">Feature vectors, all of the detector's feature count.</param>
    /// <param name="anomalies">True for an anomaly, one per row; both kinds must occur.</param>
    /// <exception cref="ArgumentException">The lists differ in length, a row is empty, null or not finite, or one class is missing.</exception>
    public TrainingCheck(IReadOnlyList<float[]> rows, IReadOnlyList<bool> anomalies)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(anomalies);
        if (rows.Count != anomalies.Count)
            throw new ArgumentException(Invariant($"The check set has {rows.Count} rows but {anomalies.Count} labels."), nameof(anomalies));
        for (int i = 0; i < rows.Count; i++)
            CheckRow(rows[i], Invariant($"Check row {i}"), nameof(rows), rows[0]?.Length ?? 0);
        if (!anomalies.Contains(true) || !anomalies.Contains(false))
            throw new ArgumentException("The check set needs both normal rows and anomalies (its AUROC compares them).", nameof(anomalies));
        Rows = rows.Select(r => (float[])r.Clone()).ToArray();
        Anomalies = anomalies.ToArray();
    }

    /// <summary>The rows (copies).</summary>
    public IReadOnlyList<float[]> Rows { get; }

    /// <summary>True for an anomaly, per row.</summary>
    public IReadOnlyList<bool> Anomalies { get; }

    /// <summary>The probe inputs by name (each one row), reported as <c>Probe.NAME</c>.</summary>
    public IReadOnlyDictionary<string, float[]> Probes => _probes;

    /// <summary>The number of features every row and probe has.</summary>
    public int FeatureCount => Rows[0].Length;

    /// <summary>Adds a probe input (replacing one of the same name).</summary>
    /// <exception cref="ArgumentException">The name is empty, or the row has another length or a non-finite value.</exception>
    public TrainingCheck WithProbe(string name, float[] row)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckRow(row, $"Probe '{name}'", nameof(row), FeatureCount);
        _probes[name] = (float[])row.Clone();
        return this;
    }

    /// <summary>Adds the probes of [0, 1]-scaled images, whose energy a well-trained model keeps above the normal rows':
    /// <c>blank</c> (all 0), <c>gray</c> (all 0.5), <c>white</c> (all 1) and <c>noise</c> (uniform in [0, 1], seed 0).</summary>
    public TrainingCheck WithImageProbes()
    {
        var random = new Random(0);
        return WithProbe("blank", new float[FeatureCount])
            .WithProbe("gray", Enumerable.Repeat(0.5f, FeatureCount).ToArray())
            .WithProbe("white", Enumerable.Repeat(1f, FeatureCount).ToArray())
            .WithProbe("noise", Enumerable.Range(0, FeatureCount).Select(_ => (float)random.NextDouble()).ToArray());
    }

    /// <summary>"N rows (M anomalies), K probes".</summary>
    public override string ToString() => Invariant($"{Rows.Count} rows ({Anomalies.Count(a => a)} anomalies), {_probes.Count} probes");

    private static void CheckRow(float[]? row, string what, string parameter, int length)
    {
        if (row is null || row.Length == 0) throw new ArgumentException($"{what} is null or empty.", parameter);
        if (row.Length != length) throw new ArgumentException(Invariant($"{what} has {row.Length} features; the check set's rows have {length}."), parameter);
        int bad = Array.FindIndex(row, v => !float.IsFinite(v));
        if (bad >= 0) throw new ArgumentException(Invariant($"{what} holds {row[bad]} at feature {bad}; only finite values can be scored."), parameter);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
