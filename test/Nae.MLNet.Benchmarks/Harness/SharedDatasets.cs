namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>Finds the project's benchmark data (<c>../shared/datasets</c>); it is never downloaded at run time.</summary>
public static class SharedDatasets
{
    /// <summary><c>$NAE_DATASETS_DIR</c>, or the first <c>shared/datasets</c> folder (with its INDEX.md) above the working
    /// directory or the program's folder; null when there is none.</summary>
    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NAE_DATASETS_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "datasets");
                if (File.Exists(Path.Combine(candidate, "INDEX.md"))) return candidate;
            }
        return null;
    }

    /// <summary><see cref="Find"/>, or an exception that says where the data was looked for.</summary>
    public static string Require() => Find() ?? throw new DirectoryNotFoundException(
        "The benchmark data sets were not found: set NAE_DATASETS_DIR or run from inside a folder that has shared/datasets (with INDEX.md) above it.");
}
