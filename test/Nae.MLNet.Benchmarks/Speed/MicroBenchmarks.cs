using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nae.MLNet.Benchmarks.Harness;

namespace Nae.MLNet.Benchmarks.Speed;

/// <summary>
/// Runs <see cref="ScoringMicroBenchmarks"/> with BenchmarkDotNet in this process (the in-process toolchain: the
/// program's own build, with libtorch already next to it), and puts its summary table into docs/benchmarks.md.
/// <c>--quick</c> runs BenchmarkDotNet's dry job (one invocation each: a smoke test, not a measurement).
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>Results block name in docs/benchmarks.md.</summary>
    public const string Name = "micro";

    /// <summary>Runs the benchmarks; returns the number that failed.</summary>
    public static int Run(BenchmarkArguments args, TextWriter log)
    {
        var job = (args.Quick ? Job.Dry : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job)
            .WithArtifactsPath(Path.Combine(args.OutputDirectory, "micro-artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        Summary summary = BenchmarkRunner.Run<ScoringMicroBenchmarks>(config);
        var table = string.Join("\n", MarkdownTable(summary));
        log.WriteLine(table);
        ResultsPage.Publish(args, Name, table, log);
        return summary.Reports.Count(r => !r.Success) + (summary.HasCriticalValidationErrors ? 1 : 0);
    }

    private static IEnumerable<string> MarkdownTable(Summary summary)
    {
        var table = summary.Table;
        var columns = Enumerable.Range(0, table.ColumnCount).Where(c => table.Columns[c].NeedToShow).ToList();
        yield return "| " + string.Join(" | ", columns.Select(c => table.FullHeader[c])) + " |";
        yield return "|" + string.Concat(columns.Select(_ => "---|"));
        foreach (var row in table.FullContent)
            yield return "| " + string.Join(" | ", columns.Select(c => row[c])) + " |";
    }
}
