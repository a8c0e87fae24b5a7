using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Cli.Commands;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Rendering;

namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>
/// What makes a run go bad: the holdout suite's runs (MNIST, one digit held out, the CPU presets) with a diagnostic check
/// set (<see cref="TrainingCheck"/>): the even rows of the test set and four image probes (blank, gray, white, uniform
/// noise) are scored at every report, so each run leaves a trace of detection (CheckAuroc), the energies of normal and
/// anomalous rows and of the probes, and the training energies, report by report. The odd test rows give the final
/// AUROC. Default: digit 9, every detector; --only picks digits, --methods detectors.
/// </summary>
public static class TraceSuite
{
    /// <summary>The journal and report stem.</summary>
    public const string Name = "trace";

    private static readonly string[] Columns = { "CheckAuroc", "CheckNormalEnergy", "CheckAnomalyEnergy", "Probe.blank", "Probe.gray", "Probe.white", "Probe.noise", "PositiveEnergy", "NegativeEnergy" };

    /// <summary>Runs the sections not yet in the journal, then writes trace.md.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        var settings = args.Quick ? HoldoutSettings.Quick : HoldoutSettings.Full;
        var digits = settings.Digits.Where(d => args.Only.Count == 0 ? d == (args.Quick ? 1 : 9) : args.Includes(d.ToString(CultureInfo.InvariantCulture))).ToList();
        var detectors = settings.Detectors.Where(args.IncludesMethod).ToList();
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var data = new HoldoutSuite.DigitCache(settings.DataSet);
        var sections = (from digit in digits
                        from detector in detectors
                        from seed in args.Seeds
                        select new Section($"{settings.DataSet}/digit {digit}/{detector}/seed {seed}",
                            () => RunOne(data.Get(digit), settings, detector, seed, args))).ToList();
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);
        string markdown = Markdown(store, settings.DataSet, digits, detectors, args.Seeds);
        ResultStore.WriteAtomically(Path.Combine(args.OutputDirectory, Name + ".md"), markdown);
        log.WriteLine(markdown);
        log.WriteLine($"Wrote {store.WriteCsv()} and {Name}.md to {args.OutputDirectory}.");
        return runner.Report(log);
    }

    private static IReadOnlyList<BenchmarkRecord> RunOne(HoldoutData data, HoldoutSettings settings, string detector, int seed, BenchmarkArguments args)
    {
        var check = data.Test.Where((_, i) => i % 2 == 0).ToList();
        var final = data.Test.Where((_, i) => i % 2 == 1).ToList();
        var trainingCheck = new TrainingCheck(check.Select(r => r.Pixels).ToList(), check.Select(r => r.Label > 0.5f).ToList()).WithImageProbes();
        var ml = new MLContext(seed);
        var demo = new DemoSettings(seed, new ConsoleProgress(detector), settings.Overrides.Concat(args.Overrides).Append($"Device={args.Device}").ToList(), Check: trainingCheck);
        var model = HoldoutSuite.Pipeline(ml, data, detector, demo).Fit(data.Load(ml, data.Train));
        try
        {
            double auroc = HoldoutSuite.TestAuroc(ml, model, data, final);
            string dataSet = $"digit {data.HeldOut}";
            var records = new List<BenchmarkRecord> { new(dataSet, detector, seed, "AUROC", auroc, "") };
            var history = ((EnergyAnomalyTransformer)model.LastTransformer).TrainingHistory;
            for (int i = 0; i < history.Count; i++)
            {
                var h = history[i];
                string at = string.Create(CultureInfo.InvariantCulture, $"{i:D3} {h.Phase} {h.Epoch}/{h.TotalEpochs}");
                foreach (var column in Columns.Where(h.Metrics.ContainsKey))
                    records.Add(new(dataSet, detector, seed, $"{at}|{column}", h.Metrics[column], ""));
                if (h.Warning is not null) records.Add(new(dataSet, detector, seed, $"{at}|warning: {h.Warning}", 1, ""));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  final AUROC {auroc:F3} on the odd test rows"));
            return records;
        }
        finally
        {
            model.Dispose();
        }
    }

    private static string Markdown(ResultStore store, string dataSet, IReadOnlyList<int> digits, IReadOnlyList<string> detectors, IReadOnlyList<int> seeds)
    {
        var text = new StringBuilder();
        text.AppendLine($"Training traces ({dataSet}; check set: the even test rows and four image probes, scored at every report; final AUROC on the odd test rows).");
        foreach (int digit in digits)
            foreach (string detector in detectors)
                foreach (int seed in seeds)
                {
                    var records = store.Get($"{dataSet}/digit {digit}/{detector}/seed {seed}");
                    if (records.Count == 0) continue;
                    double final = records.First(r => r.Measure == "AUROC").Value;
                    text.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"### digit {digit}, {detector}, seed {seed}: final AUROC {final:F3}")).AppendLine();
                    var rows = records.Where(r => r.Measure.Contains('|')).GroupBy(r => r.Measure[..r.Measure.IndexOf('|')]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
                    var present = Columns.Where(c => rows.Any(g => g.Any(r => r.Measure.EndsWith("|" + c, StringComparison.Ordinal)))).ToList();
                    text.Append("| report | ").AppendJoin(" | ", present).AppendLine(" | notes |");
                    text.Append("|---|").AppendJoin("", present.Select(_ => "---|")).AppendLine("---|");
                    foreach (var row in rows)
                    {
                        string Cell(string column) => row.FirstOrDefault(r => r.Measure.EndsWith("|" + column, StringComparison.Ordinal)) is { } r
                            ? r.Value.ToString(column == "CheckAuroc" ? "F3" : "G4", CultureInfo.InvariantCulture) : "";
                        string notes = string.Join("; ", row.Where(r => r.Measure.Contains("|warning: ")).Select(r => r.Measure[(r.Measure.IndexOf("|warning: ", StringComparison.Ordinal) + 10)..]));
                        text.Append("| ").Append(row.Key[4..]).Append(" | ").AppendJoin(" | ", present.Select(Cell)).Append(" | ").Append(notes).AppendLine(" |");
                    }
                }
        return text.ToString();
    }
}
