using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Nae.MLNet.Cli.Csv;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Cli.Commands;

/// <summary><c>nae-mlnet evaluate</c>: score a labelled CSV file with a saved model and report AUROC (ML.NET's
/// AnomalyDetection.Evaluate), AUPRC, the detection and false-positive rates at the model's threshold and at a target
/// false-positive rate, and the confusion counts; with <c>--output</c>, also a report with ROC, PR and score plots.</summary>
internal static class EvaluateCommand
{
    private static readonly Option<string> LabelColumn = new("--label-col") { Description = "Column that marks anomalies (default: the model's label column)." };
    private static readonly Option<string> AnomalyValue = new("--anomaly-value") { Description = "The label value of an anomaly (default: the model's, or inferred)." };
    private static readonly Option<double> TargetRate = new("--fpr") { Description = "Also report the detection rate at this false-positive rate.", DefaultValueFactory = _ => EnergyDetectorOptions.Defaults.FalsePositiveRate };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Folder for evaluation.md, evaluation.html and the plots (default: none)." };

    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a saved model on a labelled CSV file: AUROC, AUPRC, detection rate and false positives, confusion counts.")
        {
            ScoreCommand.Model, ScoreCommand.Dataset, LabelColumn, AnomalyValue, TargetRate, Output,
        };
        command.SetAction(parsed => Run(parsed));
        return command;
    }

    private static int Run(ParseResult args)
    {
        double target = args.GetValue(TargetRate);
        if (!(target > 0 && target < 1)) throw new CommandLineException($"--fpr must be greater than 0 and less than 1, but was {target.ToString(CultureInfo.InvariantCulture)}.");
        var ml = new MLContext();
        string dataset = args.GetValue(ScoreCommand.Dataset)!;
        using var file = CsvModelFile.Load(ml, args.GetValue(ScoreCommand.Model)!);
        if (file.Plan is null) throw new CliDataException("evaluate reads CSV through the model's loader; this model has none (saved by C# code with an input schema). Use a model written by 'nae-mlnet train'.");
        string label = args.GetValue(LabelColumn) ?? file.Plan.LabelColumn
            ?? throw new CommandLineException("The model has no label column: pass --label-col (the column that marks anomalies), or use 'nae-mlnet score' for unlabelled rows.");
        var input = file.Read(ml, dataset, labelRequired: label == file.Plan.LabelColumn);
        var csv = input.Csv ?? throw new CliDataException($"evaluate reads labels from a CSV file; {dataset} is ML.NET binary rows (.idv). Pass the rows as CSV, or score them with 'nae-mlnet score'.");
        var header = csv.Fields(0);
        int field = file.Plan.HasHeader ? Array.IndexOf(header, label) : file.Plan.Find(label)?.Index ?? -1;
        if (field < 0) throw new CliDataException($"--label-col '{label}' is not a column of {dataset}; its columns are: {string.Join(", ", header)}.");
        string anomaly = args.GetValue(AnomalyValue) ?? (label == file.Plan.LabelColumn && file.Plan.AnomalyValue is { } known ? known
            : LabelValues.ChooseAnomalyValue(csv, file.Plan.HasHeader, field, label, null).Value);
        var labels = LabelValues.Labels(csv, file.Plan.HasHeader, field, anomaly);

        var scores = ModelFacts.Read(file.Model.Transform(input.Data), null).Scores;
        var metrics = DetectionMetrics.Compute(scores, labels, ModelFacts.Threshold(file.Model) ?? float.PositiveInfinity, target);
        var mlnet = MlNetMetrics(ml, scores, labels, metrics.Threshold);
        string markdown = Markdown(dataset, labels, anomaly, label, metrics, mlnet);
        Console.Write(markdown);
        if (args.GetValue(Output) is { } output)
        {
            Directory.CreateDirectory(output);
            ReportPlots.Roc(Path.Combine(output, "roc.png"), scores, labels, $"ROC (AUROC {metrics.Auroc:F3})");
            ReportPlots.PrecisionRecall(Path.Combine(output, "pr.png"), scores, labels, $"Precision-recall (AP {metrics.Auprc:F3})");
            ReportPlots.Scores(Path.Combine(output, "scores.png"), scores, labels, metrics.Threshold, "Scores");
            string report = markdown + "\n![roc.png](roc.png)\n\n![pr.png](pr.png)\n\n![scores.png](scores.png)\n";
            OutputFiles.WriteText(Path.Combine(output, "evaluation.md"), report);
            OutputFiles.WriteText(Path.Combine(output, "evaluation.html"), HtmlReport.FromMarkdown(report, $"nae-mlnet evaluate: {Path.GetFileName(dataset)}"));
        }
        return ExitCodes.Success;
    }

    /// <summary>ML.NET's AnomalyDetection.Evaluate on the same scores (AUROC and detection rate at 10 false positives).</summary>
    private static Microsoft.ML.Data.AnomalyDetectionMetrics MlNetMetrics(MLContext ml, float[] scores, bool[] labels, float threshold)
    {
        var rows = scores.Select((s, i) => new ScoredRow { Label = labels[i] ? 1f : 0f, Score = s, PredictedLabel = s > threshold });
        return ml.AnomalyDetection.Evaluate(ml.Data.LoadFromEnumerable(rows));
    }

    private static string Markdown(string dataset, bool[] labels, string anomaly, string label, DetectionMetrics metrics, Microsoft.ML.Data.AnomalyDetectionMetrics mlnet) => string.Create(CultureInfo.InvariantCulture, $"""
        # Evaluation of {Path.GetFileName(dataset)}

        {labels.Length} rows, {labels.Count(l => l)} anomalies ('{label}' = '{anomaly}').

        | metric | value |
        |---|---|
        | AUROC (ML.NET AnomalyDetection.Evaluate) | {mlnet.AreaUnderRocCurve:F6} |
        | detection rate at 10 false positives (ML.NET) | {mlnet.DetectionRateAtFalsePositiveCount:F4} |
        {metrics.ToMarkdownRows()}

        """);

    private sealed class ScoredRow
    {
        public float Label { get; set; }

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
