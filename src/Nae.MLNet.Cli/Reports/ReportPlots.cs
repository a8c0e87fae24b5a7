using Nae.MLNet.AutoML;
using ScottPlot;

namespace Nae.MLNet.Cli.Reports;

/// <summary>The report's PNGs (ScottPlot): ROC and precision-recall curves, the score histogram with the threshold, the
/// trials over time coloured by detector, and the best model's training curves.</summary>
internal static class ReportPlots
{
    private const int Width = 800, Height = 500;

    public static void Roc(string path, float[] scores, bool[] labels, string title)
    {
        var (fpr, tpr) = DetectionMetrics.RocCurve(scores, labels);
        var plot = new Plot();
        plot.Add.ScatterLine(fpr, tpr);
        plot.Add.Line(0, 0, 1, 1).LinePattern = LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("false-positive rate");
        plot.YLabel("detection rate (true-positive rate)");
        Save(plot, path);
    }

    public static void PrecisionRecall(string path, float[] scores, bool[] labels, string title)
    {
        var (recall, precision) = DetectionMetrics.PrecisionRecallCurve(scores, labels);
        var plot = new Plot();
        plot.Add.ScatterLine(recall, precision);
        double rate = labels.Count(l => l) / (double)labels.Length;
        plot.Add.Line(0, rate, 1, rate).LinePattern = LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("recall");
        plot.YLabel("precision");
        Save(plot, path);
    }

    /// <summary>Histogram of finite scores (normal vs anomaly when labelled), with the threshold as a vertical line.</summary>
    public static void Scores(string path, float[] scores, bool[]? labels, float? threshold, string title)
    {
        var finite = Enumerable.Range(0, scores.Length).Where(i => float.IsFinite(scores[i])).ToArray();
        if (finite.Length == 0) return;
        double low = finite.Min(i => scores[i]), high = finite.Max(i => scores[i]);
        if (threshold is float t && float.IsFinite(t)) { low = Math.Min(low, t); high = Math.Max(high, t); }
        high += Math.Max(1e-9, (high - low) * 1e-6);
        var plot = new Plot();
        var groups = labels is null
            ? new[] { ("rows", finite) }
            : new[] { ("normal", finite.Where(i => !labels[i]).ToArray()), ("anomaly", finite.Where(i => labels[i]).ToArray()) };
        foreach (var (name, rows) in groups)
            if (rows.Length > 0) AddHistogram(plot, rows.Select(i => scores[i]), name, low, high);
        if (threshold is float th && float.IsFinite(th)) plot.Add.VerticalLine(th).LegendText = "threshold";
        plot.Title(title);
        plot.XLabel("score (higher = more anomalous)");
        plot.YLabel("fraction of rows");
        plot.ShowLegend();
        Save(plot, path);
    }

    /// <summary>40 bars over [low, high] with each bin's share of <paramref name="values"/>, <paramref name="widthShare"/> of
    /// a bin wide and shifted by <paramref name="offset"/> bins (so that two groups can stand side by side).</summary>
    public static void AddHistogram(Plot plot, IEnumerable<float> values, string name, double low, double high, double widthShare = 0.9, double offset = 0)
    {
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(40, low, high);
        histogram.AddRange(values.Select(v => (double)v));
        double width = histogram.FirstBinSize;
        var bars = plot.Add.Bars(histogram.Bins.Select(b => b + width * (0.5 + offset)).ToArray(), histogram.GetProbability());
        bars.LegendText = name;
        foreach (var bar in bars.Bars) bar.Size = width * widthShare;
    }

    /// <summary>Each completed trial's selection value against the time it ended, one colour per detector.</summary>
    public static void Trials(string path, IReadOnlyList<AnomalyTrialResult> trials, string metric)
    {
        var ordered = trials.OrderBy(t => t.TrialId).ToList();
        var ends = new Dictionary<int, double>();
        double clock = 0;
        foreach (var t in ordered) ends[t.TrialId] = clock += t.Duration.TotalSeconds;
        var plot = new Plot();
        foreach (var group in ordered.Where(t => t.Status == AnomalyTrialStatus.Completed && double.IsFinite(t.Metric)).GroupBy(t => t.Detector))
        {
            var points = plot.Add.ScatterPoints(group.Select(t => ends[t.TrialId]).ToArray(), group.Select(t => t.Metric).ToArray());
            points.LegendText = group.Key;
            points.MarkerSize = 8;
        }
        plot.Title("Trials over time");
        plot.XLabel("seconds (trial end)");
        plot.YLabel(metric);
        plot.ShowLegend();
        Save(plot, path);
    }

    /// <summary>The best model's training loss per epoch, one line per phase.</summary>
    public static bool Training(string path, IReadOnlyList<TrainingProgress> history)
    {
        if (history.Count == 0) return false;
        var plot = new Plot();
        int step = 0;
        foreach (var phase in history.GroupBy(h => h.Phase))
        {
            var entries = phase.Where(h => double.IsFinite(h.TrainingLoss)).ToList();
            if (entries.Count == 0) continue;
            var line = plot.Add.ScatterLine(entries.Select((_, i) => (double)(step + i + 1)).ToArray(), entries.Select(h => h.TrainingLoss).ToArray());
            line.LegendText = $"{phase.Key} training loss";
            step += entries.Count;
        }
        plot.Title("Best model: training curves");
        plot.XLabel("report (epoch or update block)");
        plot.YLabel("loss");
        plot.ShowLegend();
        Save(plot, path);
        return true;
    }

    private static void Save(Plot plot, string path) => OutputFiles.Write(path, temporary => plot.SavePng(temporary, Width, Height));
}
