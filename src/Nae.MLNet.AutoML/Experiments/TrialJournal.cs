using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nae.MLNet.AutoML;

/// <summary>
/// The checkpoint of <see cref="AnomalyExperiment.SetCheckpoint"/>: one JSON line per finished trial, after a header
/// that identifies the experiment (seed, detectors, data shape, selection). Re-running the same experiment replays the
/// journal: as long as the tuner proposes what the journal holds, the recorded result is taken instead of training; the
/// first difference (or the journal's end) switches back to training. Models are not stored: the selected trials are
/// retrained at the end (with their recorded seeds, so they are the same models).
/// </summary>
internal sealed class TrialJournal
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly string _path;
    private readonly List<Entry> _entries = new();
    private bool _replaying = true;

    public TrialJournal(string folder, string header)
    {
        Directory.CreateDirectory(folder);
        _path = Path.Combine(folder, "trials.jsonl");
        var lines = File.Exists(_path) ? File.ReadAllLines(_path) : Array.Empty<string>();
        if (lines.Length > 0 && lines[0] == header)
        {
            foreach (var line in lines.Skip(1))
            {
                try { _entries.Add(JsonSerializer.Deserialize<Entry>(line, Json)!); }
                catch (JsonException) { break; } // a line cut by an interruption ends the replay
            }
        }
        File.WriteAllLines(_path, new[] { header }.Concat(_entries.Select(e => JsonSerializer.Serialize(e, Json))));
    }

    public int Replayed { get; private set; }

    /// <summary>The recorded result of trial <paramref name="trialId"/>, when the journal holds this very proposal.</summary>
    public AnomalyTrialResult? Replay(int trialId, string detector, Parameter parameter, int? fidelity)
    {
        if (!_replaying || trialId >= _entries.Count) return Stop();
        var entry = _entries[trialId];
        if (entry.Detector != detector || entry.Parameter != parameter.ToString() || entry.Fidelity != fidelity) return Stop();
        Replayed++;
        return new AnomalyTrialResult(trialId, detector, parameter, fidelity, entry.Seed)
        {
            Status = Enum.Parse<AnomalyTrialStatus>(entry.Status),
            Metric = entry.Metric,
            ValidationAuroc = entry.ValidationAuroc,
            Criteria = entry.Criteria,
            FoldMetrics = entry.FoldMetrics ?? new List<double> { entry.Metric },
            GuardFailures = entry.GuardFailures,
            Duration = TimeSpan.FromSeconds(entry.Seconds),
            PeakMemoryMegabytes = entry.PeakMemoryMegabytes,
            Exception = entry.Error is null ? null : new InvalidOperationException(entry.Error),
        };
    }

    /// <summary>Appends a trial that ran (the journal is truncated at the first trial that differed from it).</summary>
    public void Append(AnomalyTrialResult result)
    {
        var entry = new Entry(result.Detector, result.Parameter.ToString(), result.Fidelity, result.Seed, result.Status.ToString(), result.Metric,
            result.ValidationAuroc, result.Criteria.ToDictionary(p => p.Key, p => p.Value), result.GuardFailures.ToList(), result.Duration.TotalSeconds,
            result.PeakMemoryMegabytes, result.Exception?.Message.Split('\n')[0], result.FoldMetrics.ToList());
        if (result.TrialId < _entries.Count)
        {
            _entries.RemoveRange(result.TrialId, _entries.Count - result.TrialId);
            File.WriteAllLines(_path, File.ReadLines(_path).Take(1 + result.TrialId).ToList());
        }
        _entries.Add(entry);
        File.AppendAllLines(_path, new[] { JsonSerializer.Serialize(entry, Json) });
    }

    private AnomalyTrialResult? Stop()
    {
        _replaying = false;
        return null;
    }

    /// <summary>One journal line.</summary>
    internal sealed record Entry(string Detector, string Parameter, int? Fidelity, int Seed, string Status, double Metric, double? ValidationAuroc,
        Dictionary<string, double> Criteria, List<string> GuardFailures, double Seconds, double PeakMemoryMegabytes, string? Error,
        List<double>? FoldMetrics = null);
}
