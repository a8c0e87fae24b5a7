using System.Diagnostics;

namespace Nae.MLNet.Tests.TestData;

/// <summary>Runs the real <c>nae-mlnet</c> executable in a fresh process.</summary>
public static class CliProcess
{
    /// <summary>The CLI's exit code, standard output and standard error for <paramref name="arguments"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(string arguments)
    {
        using var process = Start(arguments);
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>Starts the CLI with standard output and error redirected.</summary>
    public static Process Start(string arguments) => Process.Start(new ProcessStartInfo("dotnet", $"\"{Path()}\" {arguments}")
    {
        RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
    })!;

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        return output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }

    /// <summary>The bundled cardio CSV (src/Nae.MLNet.Cli/Data/cardio.csv, copied beside the tests).</summary>
    public static string CardioCsv => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "cardio.csv");

    /// <summary>nae-mlnet.dll beside the test binaries' configuration.</summary>
    public static string Path()
    {
        // test/Nae.MLNet.Tests/bin/<Configuration>/net10.0/ → src/Nae.MLNet.Cli/bin/<Configuration>/net10.0/nae-mlnet.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string framework = output.Name, configuration = output.Parent!.Name;
        return System.IO.Path.Combine(RepositoryRoot(), "src", "Nae.MLNet.Cli", "bin", configuration, framework, "nae-mlnet.dll");
    }
}
