using ScottPlot;

namespace Nae.MLNet.Cli.Reports;

/// <summary>The demo's PNG: ROC curves of several detectors beside the score histogram of one.</summary>
internal static class DetectorPlots
{
    public static void Write(string path, IReadOnlyList<(string Name, float[] Scores)> detectors, float[] labels, string title)
    {
        var anomalies = labels.Select(l => l > 0).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var roc = multiplot.GetPlot(0);
        foreach (var (name, scores) in detectors)
        {
            var (fpr, tpr) = DetectionMetrics.RocCurve(scores, anomalies);
            roc.Add.ScatterLine(fpr, tpr).LegendText = name;
        }
        roc.Add.Line(0, 0, 1, 1).LinePattern = LinePattern.Dashed;
        roc.Title($"ROC — {title}");
        roc.XLabel("false-positive rate");
        roc.YLabel("true-positive rate");
        roc.ShowLegend(Alignment.LowerRight);

        var (lastName, lastScores) = detectors[^1];
        var histogram = multiplot.GetPlot(1);
        double low = lastScores.Min(), high = lastScores.Max() + 1e-9;
        ReportPlots.AddHistogram(histogram, lastScores.Where((_, i) => !anomalies[i]), "normal", low, high, widthShare: 0.45, offset: -0.25);
        ReportPlots.AddHistogram(histogram, lastScores.Where((_, i) => anomalies[i]), "anomaly", low, high, widthShare: 0.45, offset: 0.25);
        histogram.Title($"{lastName} score histogram");
        histogram.XLabel("score (energy)");
        histogram.YLabel("fraction of rows");
        histogram.ShowLegend();
        multiplot.SavePng(path, 1200, 800);
    }
}
