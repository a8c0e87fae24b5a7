using System.Diagnostics;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// Runs the harness's Python scripts (Scripts/*.py, copied beside the program) with the interpreter of
/// <c>--python</c>, and says once, clearly, when that interpreter or a module it needs is missing.
/// </summary>
public sealed class PythonScript(string interpreter)
{
    /// <summary>The interpreter path.</summary>
    public string Interpreter { get; } = interpreter;

    /// <summary>Null when <paramref name="modules"/> import; otherwise why not, with how to install them.</summary>
    public string? Missing(string modules, string debianPackages)
    {
        try
        {
            var (code, output) = Run(new[] { "-c", $"import {modules}" }, TimeSpan.FromMinutes(1), null);
            return code == 0 ? null : $"{Interpreter} cannot import {modules} ({output.Trim().Split('\n').LastOrDefault()}); install Debian's {debianPackages}.";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Interpreter} could not be started ({e.Message}); install Debian's {debianPackages} or pass --python.";
        }
    }

    /// <summary>Runs Scripts/<paramref name="script"/> with <paramref name="arguments"/>; throws with its output when it fails.</summary>
    public string RunScript(string script, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Scripts", script);
        var (code, output) = Run(new[] { path }.Concat(arguments), timeout, environment);
        if (code != 0) throw new InvalidOperationException($"{script} failed with exit code {code}:\n{output}");
        return output;
    }

    private (int Code, string Output) Run(IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null) foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Interpreter} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', start.ArgumentList)} ran longer than {timeout.TotalMinutes:F0} min.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
