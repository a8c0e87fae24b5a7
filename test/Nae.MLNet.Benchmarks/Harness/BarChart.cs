using ScottPlot;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>A grouped bar chart as a PNG: one group per category (a digit, a data set), one bar per series (a method).</summary>
public static class BarChart
{
    /// <summary>Writes the chart; a missing value (NaN) leaves its bar out. The y axis spans [yMin, yMax], by default
    /// from 0 to a little above the highest bar.</summary>
    public static void Write(string path, string title, string yLabel, IReadOnlyList<string> categories,
        IReadOnlyList<(string Name, double[] Values)> series, double? yMin = null, double? yMax = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double width = 0.8 / series.Count;
        for (int s = 0; s < series.Count; s++)
        {
            var bars = Enumerable.Range(0, categories.Count)
                .Where(c => !double.IsNaN(series[s].Values[c]))
                .Select(c => new Bar { Position = c + (s - (series.Count - 1) / 2.0) * width, Value = series[s].Values[c], Size = width * 0.95, FillColor = palette.GetColor(s) })
                .ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
        }
        var ticks = categories.Select((c, i) => new Tick(i, c)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        double highest = series.SelectMany(x => x.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(yMin ?? 0, yMax ?? highest * 1.08);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        int perCategory = Math.Max(series.Count * 9 + 12, categories.Max(c => c.Length) * 8 + 24); // room for the label
        plot.SavePng(path, Math.Max(1000, categories.Count * perCategory + 220), 500);
    }
}
