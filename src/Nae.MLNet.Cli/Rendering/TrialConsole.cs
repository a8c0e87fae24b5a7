using System.Globalization;
using Nae.MLNet.AutoML;
using Spectre.Console;

namespace Nae.MLNet.Cli.Rendering;

/// <summary>
/// The live trial table of <c>train</c>: on a terminal a Spectre.Console table redrawn four times a second (trial,
/// detector, settings, fidelity, metric, time, status) under a line with the running trial's training progress and the
/// budget; otherwise (redirected output, CI) one plain line per finished trial. The experiment reports from its own
/// thread; the state is kept under a lock and only the drawing loop renders it.
/// </summary>
internal sealed class TrialConsole(string metricName, TimeSpan? budget) : IAnomalyMonitor
{
    private readonly object _gate = new();
    private readonly List<AnomalyTrialResult> _finished = new();
    private readonly DateTime _start = DateTime.UtcNow;
    private string _running = "";
    private int? _bestId;

    /// <summary>Whether the console can redraw (an interactive terminal with ANSI support).</summary>
    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/>, drawing the table while it runs when the console is interactive.</summary>
    public async Task<T> Show<T>(Task<T> work)
    {
        if (!Interactive) return await work;
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(250));
                context.UpdateTarget(Render());
            }
            context.UpdateTarget(Render());
        });
        return await work;
    }

    public void ReportRunningTrial(int trialId, string detector, Parameter parameter)
    {
        lock (_gate) _running = $"trial {trialId} {detector}: starting";
    }

    public void ReportTrialProgress(int trialId, TrainingProgress progress)
    {
        lock (_gate) _running = string.Create(CultureInfo.InvariantCulture,
            $"trial {trialId}: {progress.Phase} {progress.Epoch}/{progress.TotalEpochs}, loss {progress.TrainingLoss:G4}");
    }

    public void ReportCompletedTrial(AnomalyTrialResult result)
    {
        lock (_gate)
        {
            _finished.Add(result);
            _running = "";
        }
        if (!Interactive) Console.WriteLine("  " + Line(result));
    }

    public void ReportBestTrial(AnomalyTrialResult result)
    {
        lock (_gate) _bestId = result.TrialId;
        if (!Interactive) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  best so far: trial {result.TrialId} ({result.Detector}, {metricName} {result.Metric:F4})"));
    }

    /// <summary>One finished trial as a plain line.</summary>
    public string Line(AnomalyTrialResult t) => string.Create(CultureInfo.InvariantCulture,
        $"trial {t.TrialId,3}  {t.Detector,-14} {t.Status,-9} {metricName} {Metric(t),6}  {t.Duration.TotalSeconds,6:F1} s  {t.Parameter}{(t.Fidelity is int f ? $"; fidelity {f}" : "")}{Notes(t)}");

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "Trial", "Detector", "Settings", "Fidelity", metricName, "Time", "Status" }) table.AddColumn(header);
        lock (_gate)
        {
            foreach (var t in _finished.TakeLast(15))
                table.AddRow(t.TrialId.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Detector), Markup.Escape(Shorten(t.Parameter.ToString(), 48)),
                    t.Fidelity?.ToString(CultureInfo.InvariantCulture) ?? "–", Metric(t), string.Create(CultureInfo.InvariantCulture, $"{t.Duration.TotalSeconds:F1} s"),
                    t.TrialId == _bestId ? "[green]★ best[/]" : Markup.Escape(t.Status == AnomalyTrialStatus.Completed ? "" : t.Status.ToString()));
            double elapsed = (DateTime.UtcNow - _start).TotalSeconds;
            string clock = budget is { } b ? string.Create(CultureInfo.InvariantCulture, $"{elapsed:F0}/{b.TotalSeconds:F0} s") : string.Create(CultureInfo.InvariantCulture, $"{elapsed:F0} s");
            table.Caption(Markup.Escape($"{clock} · {_finished.Count} trials · {(_running.Length > 0 ? _running : "selecting")} · Ctrl+C stops and keeps the best"));
        }
        return table;
    }

    private static string Metric(AnomalyTrialResult t) => double.IsNaN(t.Metric) ? "–" : t.Metric.ToString("F4", CultureInfo.InvariantCulture);

    private static string Notes(AnomalyTrialResult t) =>
        t.GuardFailures.Count > 0 ? "  (" + string.Join("; ", t.GuardFailures) + ")" : t.Exception is { } e ? "  (" + e.Message.Split('\n')[0] + ")" : "";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
