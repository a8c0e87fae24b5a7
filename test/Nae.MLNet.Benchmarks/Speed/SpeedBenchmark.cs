using System.Globalization;
using System.Text;
using System.Text.Json;
using Nae.MLNet.Benchmarks.Harness;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>
/// The speed suite in sections: the public-API measurements (<see cref="SpeedSuite"/>), then for each update shape the
/// library's NAE update and the same update in PyTorch (skipped, with the reason, when python3-torch is missing).
/// Writes speed.csv, speed.md (tables) and speed.png (ms per update, TorchSharp beside PyTorch, per shape).
/// </summary>
public static class SpeedBenchmark
{
    /// <summary>Journal and report stem.</summary>
    public const string Name = "speed";

    /// <summary>Runs the sections not in the journal (pass --fresh to measure again), then writes the report.</summary>
    public static int Run(BenchmarkArguments args, SpeedSettings settings, TextWriter log)
    {
        DeviceCheck.Require(args.Device);
        if (args.Device != "cpu") throw new ArgumentException("The speed suite measures the CPU build; --device must be cpu.");
        var store = new ResultStore(args.OutputDirectory, Name, args.Fresh);
        var python = new PythonScript(args.Python);
        string? missing = python.Missing("torch", "python3-torch (with libopenblas0-openmp)");
        if (missing is not null) log.WriteLine($"The PyTorch comparison is skipped: {missing}");
        int threads = TorchSharp.torch.get_num_threads();

        var sections = new List<Section>
        {
            new("public API", () => SpeedSuite.Run(settings, log).Select(r => new BenchmarkRecord("synthetic", "Nae.MLNet", 1, r.Measure, r.Value, r.Unit)).ToList()),
        };
        foreach (var shape in settings.Shapes)
        {
            sections.Add(new($"NAE update/{shape.Name}/TorchSharp", () =>
                Records(shape, "TorchSharp", NaeUpdateTimer.Measure(shape, settings.TimedUpdates, settings.WarmupUpdates, seed: 1))));
            if (missing is null)
                sections.Add(new($"NAE update/{shape.Name}/PyTorch", () => Records(shape, "PyTorch", PyTorch(python, shape, settings, threads))));
        }
        var runner = new SectionRunner(store, log);
        runner.RunAll(sections);

        string markdown = Markdown(store, settings, threads, missing);
        ResultStore.WriteAtomically(Path.Combine(args.OutputDirectory, "speed.md"), markdown);
        BarChart.Write(Path.Combine(args.OutputDirectory, "speed.png"), "NAE update, ms (lower is better; D = input width, b = batch, latent + input chain steps)",
            "ms per update", settings.Shapes.Select(s => s.ShortName).ToList(),
            new[] { "TorchSharp", "PyTorch" }.Select(m => (m, settings.Shapes.Select(s => Total(store, s.Name, m)).ToArray())).ToList());
        log.WriteLine(markdown);
        ResultsPage.Publish(args, Name, markdown, log);
        log.WriteLine($"Wrote {store.WriteCsv()}, speed.md and speed.png to {args.OutputDirectory}.");
        return runner.Report(log);
    }

    private static NaeUpdateTiming PyTorch(PythonScript python, NaeUpdateConfig shape, SpeedSettings settings, int threads)
    {
        var arguments = shape.ScriptArguments().Concat(new[]
        {
            "--updates", settings.TimedUpdates.ToString(CultureInfo.InvariantCulture), "--warmup", settings.WarmupUpdates.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture),
        });
        var environment = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture), ["OPENBLAS_NUM_THREADS"] = "1" };
        string output = python.RunScript("pytorch_nae_update.py", arguments, TimeSpan.FromMinutes(20), environment);
        var result = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(output.Trim().Split('\n')[^1])!;
        return new NaeUpdateTiming(result["latent_ms"].GetDouble(), result["input_ms"].GetDouble(), result["update_ms"].GetDouble());
    }

    private static IReadOnlyList<BenchmarkRecord> Records(NaeUpdateConfig shape, string method, NaeUpdateTiming t) => new BenchmarkRecord[]
    {
        new(shape.Name, method, 1, "LatentChainMs", t.LatentChainMs, "ms"),
        new(shape.Name, method, 1, "InputChainMs", t.InputChainMs, "ms"),
        new(shape.Name, method, 1, "UpdateMs", t.UpdateMs, "ms"),
        new(shape.Name, method, 1, "TotalMs", t.TotalMs, "ms"),
    };

    private static double Value(ResultStore store, string shape, string method, string measure) =>
        store.Get($"NAE update/{shape}/{method}").FirstOrDefault(r => r.Measure == measure)?.Value ?? double.NaN;

    private static double Total(ResultStore store, string shape, string method) => Value(store, shape, method, "TotalMs");

    private static string Markdown(ResultStore store, SpeedSettings settings, int threads, string? missing)
    {
        var text = new StringBuilder("| measure | value | unit |\n|---|---|---|\n");
        foreach (var r in store.Get("public API"))
            text.Append(string.Create(CultureInfo.InvariantCulture, $"| {r.Measure} | {r.Value:G4} | {r.Unit} |\n"));
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"\nOne NAE update, ms (latent chain / input chain / parameter update = total), {threads} threads on both sides; ratio = TorchSharp / PyTorch total (below 1: TorchSharp is faster):\n\n"));
        text.Append("| shape | TorchSharp | PyTorch | ratio |\n|---|---|---|---|\n");
        foreach (var shape in settings.Shapes)
        {
            string Split(string method) => double.IsNaN(Total(store, shape.Name, method)) ? "–" : string.Create(CultureInfo.InvariantCulture,
                $"{Value(store, shape.Name, method, "LatentChainMs"):F1} / {Value(store, shape.Name, method, "InputChainMs"):F1} / {Value(store, shape.Name, method, "UpdateMs"):F1} = **{Total(store, shape.Name, method):F1}**");
            double ratio = Total(store, shape.Name, "TorchSharp") / Total(store, shape.Name, "PyTorch");
            text.Append($"| {shape.Name} | {Split("TorchSharp")} | {Split("PyTorch")} | {(double.IsNaN(ratio) ? "–" : ratio.ToString("F2", CultureInfo.InvariantCulture))} |\n");
        }
        if (missing is not null) text.Append($"\nPyTorch column empty: {missing}\n");
        return text.ToString();
    }
}
