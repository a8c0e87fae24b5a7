using ScottPlot;

namespace Nae.MLNet.Cli.Plots;

/// <summary>ROC curves of several detectors beside the score histogram of one, as a PNG.</summary>
internal static class DetectorPlots
{
    public static void Write(string path, IReadOnlyList<(string Name, float[] Scores)> detectors, float[] labels, string title)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var roc = multiplot.GetPlot(0);
        foreach (var (name, scores) in detectors)
        {
            var (fpr, tpr) = Roc(scores, labels);
            var line = roc.Add.ScatterLine(fpr, tpr);
            line.LegendText = name;
        }
        roc.Add.Line(0, 0, 1, 1).LinePattern = LinePattern.Dashed;
        roc.Title($"ROC — {title}");
        roc.XLabel("false-positive rate");
        roc.YLabel("true-positive rate");
        roc.ShowLegend(Alignment.LowerRight);

        var (lastName, lastScores) = detectors[^1];
        var histogram = multiplot.GetPlot(1);
        double low = lastScores.Min(), high = lastScores.Max() + 1e-9;
        AddHistogram(histogram, lastScores.Where((_, i) => labels[i] == 0).ToArray(), "normal", low, high, offset: -0.25);
        AddHistogram(histogram, lastScores.Where((_, i) => labels[i] > 0).ToArray(), "anomaly", low, high, offset: 0.25);
        histogram.Title($"{lastName} score histogram");
        histogram.XLabel("score (energy)");
        histogram.YLabel("fraction of rows");
        histogram.ShowLegend();
        multiplot.SavePng(path, 1200, 800);
    }

    /// <summary>Bars over common bins [low, high], shifted by <paramref name="offset"/> bin widths so two groups sit side by side.</summary>
    private static void AddHistogram(Plot plot, float[] scores, string name, double low, double high, double offset)
    {
        var hist = ScottPlot.Statistics.Histogram.WithBinCount(40, low, high);
        hist.AddRange(scores.Select(s => (double)s));
        double width = hist.FirstBinSize;
        var bars = plot.Add.Bars(hist.Bins.Select(b => b + width * (0.5 + offset)).ToArray(), hist.GetProbability());
        bars.LegendText = name;
        foreach (var bar in bars.Bars) bar.Size = width * 0.45;
    }

    /// <summary>ROC points with outliers (label &gt; 0) as positives, sweeping the threshold from high to low.</summary>
    public static (double[] Fpr, double[] Tpr) Roc(float[] scores, float[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l > 0), negatives = labels.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double tp = 0, fp = 0;
        foreach (int i in order)
        {
            if (labels[i] > 0) tp++; else fp++;
            fpr.Add(fp / negatives);
            tpr.Add(tp / positives);
        }
        return (fpr.ToArray(), tpr.ToArray());
    }
}
