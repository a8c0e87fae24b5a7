namespace Nae.MLNet.Cli;

/// <summary>Writes output files under a temporary name beside the target and renames them when complete, so an error or
/// Ctrl+C part-way never leaves a half-written file.</summary>
internal static class OutputFiles
{
    /// <summary>Runs <paramref name="write"/> on a temporary path, then moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = TemporaryName(full);
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void WriteText(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text));

    /// <summary>Builds a folder under a temporary name, then replaces <paramref name="path"/> with it.</summary>
    public static void WriteFolder(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = TemporaryName(full);
        try
        {
            Directory.CreateDirectory(temporary);
            write(temporary);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(temporary, full);
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>The prefix of every temporary name (tests check that none is left behind).</summary>
    public const string TemporaryPrefix = ".nae-tmp-";

    private static string TemporaryName(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $"{TemporaryPrefix}{Environment.ProcessId}-{Path.GetFileName(full)}");
}
