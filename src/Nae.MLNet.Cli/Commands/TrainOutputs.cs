using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.CodeGeneration;
using Nae.MLNet.Cli.Reports;
using Nae.MLNet.Cli.Csv;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// Writes a <c>train</c> run's output folder: <c>model.zip</c> (CSV loader, featurizer and detector or ensemble, plus the
/// column plan), <c>columns.json</c>, <c>leaderboard.csv</c>, <c>experiment.json</c>, the plots, <c>report.md</c> and
/// <c>report.html</c>, and the consumption project. Every file is written under a temporary name and renamed.
/// </summary>
internal static class TrainOutputs
{
    /// <param name="ml">The run's context.</param>
    /// <param name="run">The finished run.</param>
    /// <param name="libraryReference">null: no consumption project; "": it references the Nae.MLNet package; a path: that project.</param>
    /// <returns>The selected model's scores and metrics on the rows the report describes.</returns>
    public static RunEvaluation Write(MLContext ml, TrainRun run, string? libraryReference)
    {
        Directory.CreateDirectory(run.Output);
        var model = run.Result.Model;
        CsvModelFile.Save(ml, model, run.Loader, run.Plan with { FeatureMedians = FeatureMedians(run) }, run.PathOf("model.zip"));
        OutputFiles.WriteText(run.PathOf("columns.json"), run.Plan.ToJson());
        run.Result.WriteCsv(run.PathOf("leaderboard.csv"));

        var evaluation = Evaluate(run);
        var plots = WritePlots(run, evaluation);
        OutputFiles.WriteText(run.PathOf("experiment.json"), ExperimentJson(run, evaluation));
        var report = TrainReport.Markdown(run, evaluation, plots);
        OutputFiles.WriteText(run.PathOf("report.md"), report);
        OutputFiles.WriteText(run.PathOf("report.html"), HtmlReport.FromMarkdown(report, $"nae-mlnet train: {Path.GetFileName(run.Dataset)}"));
        if (libraryReference is not null)
            OutputFiles.WriteFolder(run.PathOf(run.Name), folder => ConsumptionProject.Write(folder, run, libraryReference));
        return evaluation;
    }

    /// <summary>Each feature's median over the training rows (the normal ones when labelled), after the featurizer.</summary>
    private static float[] FeatureMedians(TrainRun run)
    {
        var train = run.Result.Model.Transform(run.Train); // reads the features only: nothing is scored
        var rows = train.GetColumn<float[]>(CsvPipeline.FeatureColumn).ToList();
        if (train.Schema.GetColumnOrNull(CsvPipeline.LabelColumn) is not null)
        {
            var labels = train.GetColumn<float>(CsvPipeline.LabelColumn).ToList();
            rows = rows.Where((_, i) => labels[i] < 0.5f).ToList();
        }
        return Enumerable.Range(0, rows[0].Length).Select(d =>
        {
            var values = rows.Select(r => r[d]).Order().ToArray();
            return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
        }).ToArray();
    }

    /// <summary>The selected model scored on the test rows (labelled) or the validation rows (taken as normal).</summary>
    private static RunEvaluation Evaluate(TrainRun run)
    {
        var model = run.Result.Model;
        float? threshold = ModelFacts.Threshold(model);
        if (run.Test is { } test)
        {
            var (scores, labels) = ModelFacts.Read(model.Transform(test), CsvPipeline.LabelColumn);
            var metrics = DetectionMetrics.Compute(scores, labels!, threshold ?? float.PositiveInfinity, EnergyDetectorOptions.Defaults.FalsePositiveRate);
            // the interval from these scores (AnomalyExperimentResult.Evaluate would score the test rows a second time)
            var (low, high) = AutoML.Auroc.BootstrapInterval(scores.Select(s => (double)s).ToArray(), labels!, run.Seed);
            var interval = new AutoML.TestEvaluation(metrics.Auroc, low, high, scores.Length, labels!.Count(l => l));
            return new RunEvaluation("test", scores, labels, threshold, metrics, interval);
        }
        var (validationScores, _) = ModelFacts.Read(model.Transform(run.Validation), null);
        return new RunEvaluation("validation (taken as normal)", validationScores, null, threshold, null, null);
    }

    private static IReadOnlyList<string> WritePlots(TrainRun run, RunEvaluation evaluation)
    {
        var files = new List<string>();
        void Add(string file, Action<string> write) { write(run.PathOf(file)); files.Add(file); }
        Add("scores.png", path => ReportPlots.Scores(path, evaluation.Scores, evaluation.Labels, evaluation.Threshold, $"Scores of the {evaluation.Rows} rows"));
        if (evaluation.Labels is { } labels)
        {
            Add("roc.png", path => ReportPlots.Roc(path, evaluation.Scores, labels, $"ROC on the {evaluation.Rows} rows (AUROC {evaluation.Metrics!.Auroc:F3})"));
            Add("pr.png", path => ReportPlots.PrecisionRecall(path, evaluation.Scores, labels, $"Precision-recall on the {evaluation.Rows} rows (AP {evaluation.Metrics!.Auprc:F3})"));
        }
        Add("trials.png", path => ReportPlots.Trials(path, run.Result.Trials, run.MetricName));
        if (ModelFacts.Detector(run.Result.BestModel) is EnergyAnomalyTransformer energy && ReportPlots.Training(run.PathOf("training.png"), energy.TrainingHistory))
            files.Add("training.png");
        return files;
    }

    private static string ExperimentJson(TrainRun run, RunEvaluation evaluation)
    {
        var result = run.Result;
        var document = new Dictionary<string, object?>
        {
            ["tool"] = $"nae-mlnet {typeof(TrainOutputs).Assembly.GetName().Version}",
            ["command"] = "nae-mlnet train " + string.Join(" ", run.Arguments),
            ["dataset"] = Path.GetFullPath(run.Dataset),
            ["seed"] = run.Seed,
            ["columns"] = JsonDocument.Parse(run.Plan.ToJson()).RootElement,
            ["split"] = new { train = run.Split.Train.Count, validation = run.Split.Validation.Count, test = run.Split.Test.Count },
            ["selection"] = result.SelectionBasis,
            ["stopReason"] = result.StopReason.ToString(),
            ["elapsedSeconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["bestTrial"] = new { id = result.BestTrial.TrialId, detector = result.BestTrial.Detector, options = result.BestTrial.Parameter.ToString(), fidelity = result.BestTrial.Fidelity, seed = result.BestTrial.Seed, metric = result.BestTrial.Metric },
            ["model"] = ModelFacts.Describe(result.Model),
            ["threshold"] = evaluation.Threshold,
            ["evaluation"] = evaluation.Metrics is { } m
                ? new { rows = evaluation.Rows, auroc = m.Auroc, aurocLow = evaluation.Interval!.Low, aurocHigh = evaluation.Interval.High, auprc = m.Auprc, detectionRate = m.DetectionRate, falsePositiveRate = m.FalsePositiveRate }
                : null,
            ["trials"] = result.Trials.Select(t => new { id = t.TrialId, detector = t.Detector, status = t.Status.ToString(), metric = double.IsFinite(t.Metric) ? t.Metric : (double?)null, options = t.Parameter.ToString(), fidelity = t.Fidelity, seconds = Math.Round(t.Duration.TotalSeconds, 2), notes = t.GuardFailures }).ToList(),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
