using System.Globalization;
using System.Text;
using Nae.MLNet.Benchmarks.Harness;

namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>
/// The holdout tables (AUROC per digit and detector, mean over seeds — with the standard deviation and the worst seed
/// where more than one ran — beside the paper's; wall time per run) and the bar chart, built from the journal. Digits
/// that have not run yet show as "–" and are left out of the means.
/// </summary>
public sealed class HoldoutReport(ResultStore store, HoldoutSettings settings, string preset, IReadOnlyList<int> seeds, PaperHoldoutTable paper)
{
    /// <summary>Our detectors' columns in the published table (shared/datasets/published-results), by the paper's names.</summary>
    private static readonly (string Detector, string Paper)[] PaperColumns =
    {
        (DetectorRegistry.Autoencoder.DisplayName, "AE"),
        (DetectorRegistry.NormalizedAutoencoder.DisplayName, "NAE-OMI"),
        (DetectorRegistry.MpdrReconstruction.DisplayName, "MPDR-R"),
    };

    /// <summary>Mean over the seeds that ran of <paramref name="measure"/>; NaN when none did.</summary>
    public double Mean(int digit, string detector, string measure)
    {
        var values = Values(digit, detector, measure);
        return values.Count == 0 ? double.NaN : values.Average();
    }

    /// <summary>One value of <paramref name="measure"/> per seed that ran.</summary>
    private List<double> Values(int digit, string detector, string measure) =>
        seeds.SelectMany(seed => store.Get(HoldoutSuite.SectionName(preset, settings.DataSet, digit, detector, seed)))
            .Where(r => r.Measure == measure).Select(r => r.Value).ToList();

    /// <summary>"mean" for one seed; "mean ± sd (worst)" over several.</summary>
    private string SeedCell(int digit, string detector)
    {
        var values = Values(digit, detector, "AUROC");
        if (values.Count < 2) return Format(values.Count == 0 ? double.NaN : values[0]);
        double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3} ({values.Min():F3}, {values.Count} seeds)");
    }

    /// <summary>Both tables as markdown.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        var header = new List<string> { "held-out digit" };
        foreach (var detector in settings.Detectors)
        {
            header.Add(detector);
            if (PaperName(detector) is { } paperName) header.Add($"{paperName} (paper)");
        }
        AppendRow(text, header);
        AppendRow(text, header.Select(_ => "---"));
        foreach (int digit in settings.Digits)
        {
            var row = new List<string> { digit.ToString(CultureInfo.InvariantCulture) };
            foreach (var detector in settings.Detectors)
            {
                row.Add(SeedCell(digit, detector));
                if (PaperName(detector) is { } paperName) row.Add(Format(paper.Get(paperName, digit)));
            }
            AppendRow(text, row);
        }
        var mean = new List<string> { "**mean**" };
        foreach (var detector in settings.Detectors)
        {
            var ran = settings.Digits.Where(d => !double.IsNaN(Mean(d, detector, "AUROC"))).ToList();
            string partial = ran.Count < settings.Digits.Count ? $" ({ran.Count} digit{(ran.Count == 1 ? "" : "s")})" : "";
            mean.Add(ran.Count == 0 ? "–" : $"**{Format(ran.Average(d => Mean(d, detector, "AUROC")))}**{partial}");
            // the paper's mean over the same digits, so that a partial run compares like with like
            if (PaperName(detector) is { } paperName)
                mean.Add(ran.Count == 0 ? Format(paper.Mean(paperName)) : Format(ran.Average(d => paper.Get(paperName, d))) + partial);
        }
        AppendRow(text, mean);

        text.AppendLine().AppendLine("Wall time per run (Fit, including the autoencoder phase; then scoring the test set), seconds:").AppendLine();
        AppendRow(text, new[] { "held-out digit" }.Concat(settings.Detectors.Select(d => $"{d} fit")).Append("scoring (all detectors)"));
        AppendRow(text, Enumerable.Repeat("---", settings.Detectors.Count + 2));
        foreach (int digit in settings.Digits)
            AppendRow(text, new[] { digit.ToString(CultureInfo.InvariantCulture) }
                .Concat(settings.Detectors.Select(d => Format(Mean(digit, d, "FitSeconds"), "F0")))
                .Append(Format(settings.Detectors.Sum(d => Mean(digit, d, "ScoreSeconds")), "F1")));
        return text.ToString();
    }

    /// <summary>Writes holdout.md and holdout.png to <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        ResultStore.WriteAtomically(Path.Combine(directory, "holdout.md"), Markdown());
        var series = settings.Detectors.Select(d => (d, settings.Digits.Select(digit => Mean(digit, d, "AUROC")).ToArray())).ToList();
        if (paper.HasRows)
        {
            series.Add(("NAE-OMI (paper)", settings.Digits.Select(d => paper.Get("NAE-OMI", d)).ToArray()));
            series.Add(("AE (paper)", settings.Digits.Select(d => paper.Get("AE", d)).ToArray()));
        }
        BarChart.Write(Path.Combine(directory, "holdout.png"), $"{(settings.DataSet == "mnist" ? "MNIST" : "8x8 digits")} hold-out AUROC ({preset} presets)", "AUROC",
            settings.Digits.Select(d => $"digit {d}").ToList(), series, 0, 1);
    }

    /// <summary>The paper's name for <paramref name="detector"/>'s column, or null when the paper table has none.</summary>
    private string? PaperName(string detector) => paper.HasRows ? PaperColumns.FirstOrDefault(c => c.Detector == detector).Paper : null;

    private static void AppendRow(StringBuilder text, IEnumerable<string> cells) => text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");

    private static string Format(double value, string format = "F3") =>
        double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}
