using System.Globalization;
using Nae.MLNet.Cli.Rendering;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Cli.Commands;

/// <summary>The console summary after <c>train</c>: the selected model and its metrics, the top trials, the files written.</summary>
internal static class TrainSummary
{
    public static void Print(TrainRun run, TrialConsole console, RunEvaluation evaluation)
    {
        var result = run.Result;
        Console.WriteLine();
        Console.WriteLine($"Selection: {result.SelectionBasis}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best: trial {result.BestTrial.TrialId} {result.BestTrial.Detector}, {run.MetricName} {result.BestTrial.Metric:F4}; model: {ModelFacts.Describe(result.Model)}; stopped: {result.StopReason} after {result.Elapsed.TotalSeconds:F0} s, {result.Trials.Count} trials."));
        if (evaluation.Metrics is { } metrics)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Test ({evaluation.Rows}, never used for selection): {evaluation.Interval}; AUPRC {metrics.Auprc:F3}; at the threshold: detection rate {metrics.DetectionRate:F3}, false-positive rate {metrics.FalsePositiveRate:F3}."));
        Console.WriteLine("Top trials:");
        foreach (var trial in result.Trials.Take(5)) Console.WriteLine("  " + console.Line(trial));
        string project = Directory.Exists(run.PathOf(run.Name)) ? $", {run.Name}/ (dotnet run --project {run.PathOf(run.Name)})" : "";
        Console.WriteLine($"Wrote {run.Output}: model.zip, report.md, report.html, leaderboard.csv, experiment.json, columns.json, plots{project}.");
    }
}
