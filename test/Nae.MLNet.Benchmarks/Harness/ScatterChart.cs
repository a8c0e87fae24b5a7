using ScottPlot;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// A paired comparison as a PNG: one point per data set with a peer's value on x and ours on y, one colour per method,
/// and the diagonal; points above it are data sets where the method beats the peer.
/// </summary>
public static class ScatterChart
{
    /// <summary>Writes the chart; pairs with a NaN are left out.</summary>
    public static void Write(string path, string title, string xLabel, string yLabel, double[] peer, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        plot.Add.Line(0, 0, 1, 1).LinePattern = LinePattern.Dashed;
        for (int s = 0; s < series.Count; s++)
        {
            var pairs = Enumerable.Range(0, peer.Length).Where(i => !double.IsNaN(peer[i]) && !double.IsNaN(series[s].Values[i])).ToList();
            var points = plot.Add.ScatterPoints(pairs.Select(i => peer[i]).ToArray(), pairs.Select(i => series[s].Values[i]).ToArray(), palette.GetColor(s));
            points.MarkerSize = 8;
            points.LegendText = series[s].Name;
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 700, 700);
    }
}
