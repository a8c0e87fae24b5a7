using System.Diagnostics;

namespace Nae.MLNet.Tests.TestData;

/// <summary>Runs the real <c>nae-mlnet</c> executable in a fresh process.</summary>
public static class CliProcess
{
    /// <summary>The CLI's exit code, standard output and standard error for <paramref name="arguments"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path()}\" {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>nae-mlnet.dll beside the test binaries' configuration.</summary>
    public static string Path()
    {
        // test/Nae.MLNet.Tests/bin/<Configuration>/net10.0/ → src/Nae.MLNet.Cli/bin/<Configuration>/net10.0/nae-mlnet.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string framework = output.Name, configuration = output.Parent!.Name;
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return System.IO.Path.Combine(root, "src", "Nae.MLNet.Cli", "bin", configuration, framework, "nae-mlnet.dll");
    }
}
