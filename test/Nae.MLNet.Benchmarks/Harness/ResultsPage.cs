namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// Keeps docs/benchmarks.md in step with the results: a suite's tables replace the text between
/// <c>&lt;!-- results:NAME --&gt;</c> and <c>&lt;!-- /results:NAME --&gt;</c> in the page beside the results folder
/// (docs/benchmarks/ → docs/benchmarks.md). Nothing happens when the page or its markers are absent.
/// </summary>
public static class ResultsPage
{
    /// <summary>Replaces block <paramref name="name"/> of the page next to <paramref name="resultsDirectory"/>; returns whether it did.</summary>
    public static bool Update(string resultsDirectory, string name, string markdown)
    {
        string page = Path.TrimEndingDirectorySeparator(resultsDirectory) + ".md";
        if (!File.Exists(page)) return false;
        string text = File.ReadAllText(page);
        string begin = $"<!-- results:{name} -->", end = $"<!-- /results:{name} -->";
        int start = text.IndexOf(begin, StringComparison.Ordinal), stop = text.IndexOf(end, StringComparison.Ordinal);
        if (start < 0 || stop < start) return false;
        string updated = text[..(start + begin.Length)] + "\n" + markdown.TrimEnd() + "\n" + text[stop..];
        ResultStore.WriteAtomically(page, updated);
        return true;
    }

    /// <summary>
    /// A full run's tables go into the page (a --quick run never touches it); says so on <paramref name="log"/>.
    /// </summary>
    public static void Publish(BenchmarkArguments args, string name, string markdown, TextWriter log)
    {
        if (!args.Quick && Update(args.OutputDirectory, name, markdown))
            log.WriteLine($"Updated the {name} tables of {args.OutputDirectory}.md.");
    }
}
