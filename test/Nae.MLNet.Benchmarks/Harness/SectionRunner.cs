using System.Diagnostics;
using System.Globalization;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>A unit of work of a suite: a name that identifies it in the journal, and what it measures.</summary>
public sealed record Section(string Name, Func<IReadOnlyList<BenchmarkRecord>> Run);

/// <summary>
/// Runs a suite's sections in order with a progress display (<c>[k/n] name ... result, elapsed, time left</c>),
/// skipping the ones the <see cref="ResultStore"/> already holds, and storing each as soon as it ends. Creating the file
/// <c>SUITE.stop</c> in the results folder stops the run after the current section (a clean pause; run again to resume).
/// A section that throws is reported and left out of the journal (the next run retries it); the others go on.
/// </summary>
public sealed class SectionRunner(ResultStore store, TextWriter log)
{
    /// <summary>Runs every section not yet done; returns how many ran now.</summary>
    public int RunAll(IReadOnlyList<Section> sections)
    {
        int done = sections.Count(s => store.IsDone(s.Name));
        if (done > 0) log.WriteLine($"Resuming: {done} of {sections.Count} sections are already in {store.JournalPath} (--fresh starts over).");
        var clock = Stopwatch.StartNew();
        int ran = 0;
        for (int i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            if (store.IsDone(section.Name)) continue;
            if (File.Exists(StopPath))
            {
                File.Delete(StopPath);
                log.WriteLine($"Stopped before [{i + 1}/{sections.Count}] because {StopPath} exists; run the same command again to resume.");
                break;
            }
            log.WriteLine($"[{i + 1}/{sections.Count}] {section.Name} ...");
            var started = clock.Elapsed;
            IReadOnlyList<BenchmarkRecord> records;
            try
            {
                records = section.Run();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Failed.Add(section.Name);
                log.WriteLine($"[{i + 1}/{sections.Count}] {section.Name} FAILED ({e.GetType().Name}: {e.Message}); it is not recorded and will run again next time.");
                continue;
            }
            store.Add(section.Name, records);
            ran++;
            var took = clock.Elapsed - started;
            int left = sections.Skip(i + 1).Count(s => !store.IsDone(s.Name));
            var remaining = TimeSpan.FromTicks(clock.Elapsed.Ticks / ran * left);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{i + 1}/{sections.Count}] {section.Name}: {Summary(records)} ({took.TotalSeconds:F1} s; about {Format(remaining)} left)"));
        }
        return ran;
    }

    /// <summary>Says which sections failed, if any; returns how many (the harness's exit code is 1 when any did).</summary>
    public int Report(TextWriter output)
    {
        if (Failed.Count > 0) output.WriteLine($"{Failed.Count} section(s) failed and will run again next time: {string.Join("; ", Failed)}.");
        return Failed.Count;
    }

    /// <summary>Sections that threw in this run.</summary>
    public List<string> Failed { get; } = new();

    /// <summary>The file whose existence pauses the run after the current section.</summary>
    public string StopPath => Path.Combine(store.Directory, store.Suite + ".stop");

    private static string Summary(IReadOnlyList<BenchmarkRecord> records) => string.Join(", ", records
        .Where(r => r.Measure == "AUROC").Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Method} AUROC {r.Value:F3}"))
        .DefaultIfEmpty($"{records.Count} measurements"));

    private static string Format(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:F0} min" : $"{t.TotalSeconds:F0} s";
}
