using System.Globalization;
using System.Text;
using Nae.MLNet.AutoML;
using Nae.MLNet.Cli.Csv;

namespace Nae.MLNet.Cli.Reports;

/// <summary>The Markdown report of a <c>train</c> run: the run, the data, the selection, the leaderboard, the best model
/// with its metrics and plots, and how to reproduce it.</summary>
internal static class TrainReport
{
    public static string Markdown(TrainRun run, RunEvaluation evaluation, IReadOnlyList<string> plots)
    {
        var result = run.Result;
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine($"# nae-mlnet train: {Path.GetFileName(run.Dataset)}").AppendLine();
        text.AppendLine("## Run").AppendLine();
        text.AppendLine($"- command: `nae-mlnet train {string.Join(" ", run.Arguments)}`");
        text.AppendLine(string.Create(invariant, $"- machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; seed {run.Seed}"));
        text.AppendLine(string.Create(invariant, $"- {result.Trials.Count} trials in {result.Elapsed.TotalSeconds:F1} s; stopped: {result.StopReason}")).AppendLine();

        text.AppendLine("## Data").AppendLine();
        int rows = run.Split.Train.Count + run.Split.Validation.Count + run.Split.Test.Count;
        text.AppendLine($"`{run.Dataset}`: {rows} rows, '{ColumnInference.Show(run.Plan.Separator)}' separated, {(run.Plan.HasHeader ? "with a header" : "no header")}.").AppendLine();
        text.AppendLine("| column | purpose | why |").AppendLine("|---|---|---|");
        foreach (var c in run.Plan.Columns)
            text.AppendLine($"| {Cell(c.Name)} | {c.Purpose.ToString().ToLowerInvariant()} | {Cell(c.Reason)} |");
        text.AppendLine().AppendLine(run.Labelled
            ? $"Split (seed {run.Seed}, stratified): {run.Split.Train.Count} rows train (their normal rows only), {run.Split.Validation.Count} select, {run.Split.Test.Count} test."
            : $"Split (seed {run.Seed}): {run.Split.Train.Count} rows train, {run.Split.Validation.Count} held out for label-free selection" + (run.Split.Test.Count > 0 ? $", {run.Split.Test.Count} test." : "."))
            .AppendLine();

        text.AppendLine("## Selection").AppendLine();
        text.AppendLine(result.SelectionBasis + ".").AppendLine();
        if (!run.Labelled)
            text.AppendLine("Without labels, the selection rests on synthetic anomalies and guards. Label-free model selection is often no better " +
                "than a sensible default (Ma, Zhao & Akoglu, \"The Need for Unsupervised Outlier Model Selection\", 2023; Han et al., ADBench, 2022); " +
                "pass `--label-col` with at least 20 labelled anomalies for a dependable choice.").AppendLine();

        text.AppendLine("## Leaderboard").AppendLine();
        text.AppendLine($"Metric: {run.MetricName}.").AppendLine();
        text.AppendLine(result.ToMarkdown(top: 10));
        var rejected = result.Trials.Where(t => t.Status is AnomalyTrialStatus.Rejected or AnomalyTrialStatus.Failed).ToList();
        if (rejected.Count > 0)
        {
            text.AppendLine("Rejected or failed trials:").AppendLine();
            foreach (var t in rejected) text.AppendLine($"- trial {t.TrialId} ({t.Detector}, {t.Status}): {Cell(string.Join("; ", t.GuardFailures.DefaultIfEmpty(t.Exception?.Message.Split('\n')[0] ?? "")))}");
            text.AppendLine();
        }

        text.AppendLine("## Best model").AppendLine();
        text.AppendLine($"- selected: {ModelFacts.Describe(result.Model)}; best trial {result.BestTrial.TrialId} ({result.BestTrial.Detector}: {result.BestTrial.Parameter}{(result.BestTrial.Fidelity is int f ? $"; fidelity {f}" : "")}; seed {result.BestTrial.Seed})");
        if (evaluation.Threshold is float threshold) text.AppendLine(string.Create(invariant, $"- threshold: {threshold:G6} (PredictedLabel = score > threshold)"));
        text.AppendLine();
        if (evaluation.Metrics is { } metrics)
        {
            text.AppendLine($"On the {evaluation.Rows} rows, never used for selection: {evaluation.Interval}.").AppendLine();
            text.AppendLine("| metric | value |").AppendLine("|---|---|").AppendLine(metrics.ToMarkdownRows()).AppendLine();
        }
        foreach (var plot in plots) text.AppendLine($"![{plot}]({plot})").AppendLine();

        text.AppendLine("## Reproduce").AppendLine();
        text.AppendLine("```bash");
        text.AppendLine($"nae-mlnet train {string.Join(" ", run.Arguments)}");
        text.AppendLine($"nae-mlnet score --model {Path.Combine(Path.GetFileName(run.Output), "model.zip")} --dataset new.csv");
        text.AppendLine("```").AppendLine();
        text.AppendLine($"`columns.json` holds the inferred columns (edit and pass `--columns`); `{run.Name}/` is a console project that loads `model.zip` and scores rows.");
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
