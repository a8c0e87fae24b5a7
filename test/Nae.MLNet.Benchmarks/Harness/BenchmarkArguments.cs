using System.Globalization;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// The harness's command line: <c>SUITE [--quick] [--fresh] [--seeds 1,2,3] [--device cpu|cuda] [--output DIR]
/// [--only a,b] [--methods a,b] [--python PATH] [--protocol novelty|unsupervised] [--max-train-rows N] [--threads N]
/// [--budget SECONDS] [--set Name=Value ...]</c>.
/// </summary>
public sealed record BenchmarkArguments(
    string Suite,
    bool Quick,
    bool Fresh,
    IReadOnlyList<int> Seeds,
    string Device,
    string OutputDirectory,
    IReadOnlyList<string> Only,
    string Python,
    string Protocol,
    int MaxTrainRows,
    int Threads,
    IReadOnlyList<string> Overrides,
    uint BudgetSeconds = 30,
    IReadOnlyList<string>? Methods = null)
{
    /// <summary>The suites the harness knows.</summary>
    public static readonly string[] Suites = { "holdout", "tabular", "speed", "micro", "calibration", "automl", "automl-holdout", "trace", "seed-ensemble" };

    private static readonly string[] Flags = { "quick", "fresh" };
    private static readonly string[] Valued = { "seeds", "device", "output", "only", "methods", "python", "protocol", "max-train-rows", "threads", "budget", "set" };

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the offending argument named.</summary>
    public static BenchmarkArguments Parse(string[] args)
    {
        if (args.Length == 0 || !Suites.Contains(args[0]))
            throw new ArgumentException($"The first argument must be a suite ({string.Join(", ", Suites)}), but was '{args.FirstOrDefault()}'.");
        var flags = new HashSet<string>();
        var values = new Dictionary<string, string>();
        var overrides = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (Flags.Contains(name)) flags.Add(name);
            else if (name == "set" && i + 1 < args.Length) overrides.Add(args[++i]);
            else if (Valued.Contains(name) && i + 1 < args.Length) values[name] = args[++i];
            else throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. Flags: --{string.Join(", --", Flags)}; options with a value: --{string.Join(", --", Valued)}.");
        }

        string suite = args[0];
        bool quick = flags.Contains("quick");
        string protocol = values.GetValueOrDefault("protocol", "novelty");
        if (protocol is not ("novelty" or "unsupervised"))
            throw new ArgumentException($"--protocol must be 'novelty' or 'unsupervised', but was '{protocol}'.");
        string defaultOutput = quick
            ? Path.Combine(Path.GetTempPath(), "nae-mlnet-benchmarks-quick")
            : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "docs", "benchmarks");
        return new BenchmarkArguments(
            suite, quick, flags.Contains("fresh"),
            ParseSeeds(values.GetValueOrDefault("seeds", "1")),
            values.GetValueOrDefault("device", "cpu"),
            Path.GetFullPath(values.GetValueOrDefault("output", defaultOutput)),
            values.TryGetValue("only", out var only) ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>(),
            values.GetValueOrDefault("python", "/usr/bin/python3"),
            protocol,
            ParseInt("max-train-rows", values.GetValueOrDefault("max-train-rows", "10000")),
            ParseInt("threads", values.GetValueOrDefault("threads", "0")),
            CheckedOverrides(overrides),
            (uint)Math.Max(1, ParseInt("budget", values.GetValueOrDefault("budget", "30"))),
            values.TryGetValue("methods", out var methods) ? methods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>());
    }

    /// <summary>True when <paramref name="name"/> passes the <c>--only</c> filter (case-insensitive; no filter passes everything).</summary>
    public bool Includes(string name) => Only.Count == 0 || Only.Any(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when the method (a detector of the holdout suite, a method or scikit-learn section of the tabular suite)
    /// passes the <c>--methods</c> filter (case-insensitive; no filter passes everything). Lets more seeds be added
    /// for some methods only; the reports average what ran.
    /// </summary>
    public bool IncludesMethod(string name) => Methods is null || Methods.Count == 0 || Methods.Any(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for a CUDA device name (the paper presets run there).</summary>
    public bool IsCuda => Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding Nae.MLNet.sln, from the working directory up; null when not inside the repository.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nae.MLNet.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The --set overrides, each naming an option of at least one detector.</summary>
    private static IReadOnlyList<string> CheckedOverrides(List<string> overrides)
    {
        try
        {
            Cli.Commands.OptionOverrides.CheckNames(overrides);
        }
        catch (Cli.CommandLineException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        return overrides;
    }

    private static IReadOnlyList<int> ParseSeeds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => ParseInt("seeds", s)).ToArray() is { Length: > 0 } seeds
            ? seeds
            : throw new ArgumentException("--seeds needs at least one integer, e.g. --seeds 1,2,3.");

    private static int ParseInt(string option, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : throw new ArgumentException($"--{option} expects a non-negative integer, but got '{text}'.");
}
