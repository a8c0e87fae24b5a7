using System.Globalization;
using System.Text;
using Nae.MLNet.Benchmarks.Harness;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>
/// The tabular tables from the journal: AUROC per data set and method (mean over seeds; best in bold), mean AUROC,
/// mean rank, wins / ties / losses of our detectors against IsolationForest, total fit time per method; and a scatter
/// plot of each of our detectors against IsolationForest, one point per data set.
/// </summary>
public sealed class TabularReport(ResultStore store, IReadOnlyList<string> dataSets, IReadOnlyList<int> seeds, string protocol, int maxTrainRows, string? scikitLearnMissing)
{
    private readonly IReadOnlyList<string> _methods = TabularMethods.All;

    /// <summary>Mean over seeds of <paramref name="measure"/> for (data set, method); NaN when it has not run.</summary>
    public double Mean(string dataSet, string method, string measure)
    {
        var values = seeds.Select(seed => Value(dataSet, method, seed, measure)).Where(v => !double.IsNaN(v)).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }

    /// <summary>The seed's value of <paramref name="measure"/> for (data set, method); NaN when it has not run.</summary>
    private double Value(string dataSet, string method, int seed, string measure) =>
        store.Get(Section(dataSet, seed, method)).Where(r => r.Method == method && r.Measure == measure).Select(r => r.Value).DefaultIfEmpty(double.NaN).First();

    /// <summary>The tables as markdown.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        var auroc = dataSets.Select(d => _methods.Select(m => Mean(d, m, "AUROC")).ToArray()).ToList();
        Row(text, new[] { "data set", "rows", "d", "anomalies %", "train rows" }.Concat(_methods));
        Row(text, Enumerable.Repeat("---", 5 + _methods.Count));
        for (int i = 0; i < dataSets.Count; i++)
        {
            double rows = Mean(dataSets[i], TabularSuite.SplitMethod, "Rows"), anomalies = Mean(dataSets[i], TabularSuite.SplitMethod, "Anomalies");
            double best = auroc[i].Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();
            Row(text, new[]
            {
                dataSets[i], F(rows, "F0"), F(Mean(dataSets[i], TabularSuite.SplitMethod, "Features"), "F0"),
                F(100 * anomalies / rows, "F1"), F(Mean(dataSets[i], TabularSuite.SplitMethod, "TrainRows"), "F0"),
            }.Concat(auroc[i].Select(v => v == best ? $"**{F(v)}**" : F(v))));
        }
        var (ranks, ranked) = Ranking.MeanRanks(auroc);
        Row(text, new[] { "**mean AUROC**", "", "", "", "" }.Concat(_methods.Select((_, m) => MeanOf(auroc.Select(r => r[m])))));
        if (seeds.Count > 1)
            Row(text, new[] { "**mean AUROC over seeds** (± sd; worst seed)", "", "", "", "" }.Concat(_methods.Select(SeedSpread)));
        Row(text, new[] { $"**mean rank** ({ranked} sets)", "", "", "", "" }.Concat(ranks.Select(r => F(r, "F2"))));
        Row(text, new[] { "**fit time, all sets** (s)", "", "", "", "" }.Concat(_methods.Select(m => F(dataSets.Select(d => Mean(d, m, "FitSeconds")).Where(v => !double.IsNaN(v)).Sum(), "F0"))));

        int forest = _methods.ToList().IndexOf("IsolationForest");
        text.AppendLine().AppendLine($"Against IsolationForest (per data set; a tie is |ΔAUROC| < {Ranking.TieMargin}):").AppendLine();
        Row(text, new[] { "detector", "wins", "ties", "losses" });
        Row(text, Enumerable.Repeat("---", 4));
        foreach (var method in TabularMethods.Ours)
        {
            int m = _methods.ToList().IndexOf(method);
            var (w, t, l) = Ranking.WinsTiesLosses(auroc.Select(r => r[m]).ToList(), auroc.Select(r => r[forest]).ToList());
            Row(text, new[] { method, w.ToString(CultureInfo.InvariantCulture), t.ToString(CultureInfo.InvariantCulture), l.ToString(CultureInfo.InvariantCulture) });
        }
        var withNaN = dataSets.SelectMany(d => _methods.Where(m => Mean(d, m, "NaNScores") > 0)
            .Select(m => $"{m} on {d} ({Mean(d, m, "NaNScores"):F0} rows)")).ToList();
        if (withNaN.Count > 0)
            text.AppendLine().AppendLine($"NaN scores, counted as the least anomalous: {string.Join("; ", withNaN)}.");
        text.AppendLine().AppendLine($"Protocol {protocol}; seeds {string.Join(", ", seeds)}; training rows capped at {maxTrainRows} (a random subset, the same for every method).");
        if (scikitLearnMissing is not null) text.AppendLine($"scikit-learn columns are empty: {scikitLearnMissing}");
        return text.ToString();
    }

    /// <summary>Writes SUITE.md and SUITE.png to <paramref name="directory"/>.</summary>
    public void Write(string directory, string suite)
    {
        ResultStore.WriteAtomically(Path.Combine(directory, suite + ".md"), Markdown());
        var forest = dataSets.Select(d => Mean(d, "IsolationForest", "AUROC")).ToArray();
        var ours = TabularMethods.Ours.Select(m => (m, dataSets.Select(d => Mean(d, m, "AUROC")).ToArray())).ToList();
        ScatterChart.Write(Path.Combine(directory, suite + ".png"), $"AUROC per data set ({protocol} protocol)",
            "IsolationForest AUROC", "our detector's AUROC (above the diagonal: ours wins)", forest, ours);
    }

    /// <summary>The method's mean AUROC over the data sets, per seed (sets where every seed ran): "mean ± sd (worst)".</summary>
    private string SeedSpread(string method)
    {
        var complete = dataSets.Where(d => seeds.All(seed => !double.IsNaN(Value(d, method, seed, "AUROC")))).ToList();
        if (complete.Count == 0) return "–";
        var perSeed = seeds.Select(seed => complete.Average(d => Value(d, method, seed, "AUROC"))).ToList();
        double mean = perSeed.Average(), sd = Math.Sqrt(perSeed.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, perSeed.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3} ({perSeed.Min():F3})");
    }

    private string Section(string dataSet, int seed, string method) =>
        $"{protocol}/{dataSet}/seed {seed}/{(method == "KNN" ? "scikit-learn KNN" : TabularMethods.ScikitLearn.Contains(method) ? "scikit-learn" : method)}";

    private static string MeanOf(IEnumerable<double> values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToList();
        return present.Count == 0 ? "–" : F(present.Average());
    }

    private static void Row(StringBuilder text, IEnumerable<string> cells) => text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");

    private static string F(double value, string format = "F3") => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}
