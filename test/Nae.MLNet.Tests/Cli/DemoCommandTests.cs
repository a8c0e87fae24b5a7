using System.Diagnostics;
using Nae.MLNet.Tests.Persistence;

namespace Nae.MLNet.Tests.Cli;

/// <summary>The demo's argument checks, through the real executable: bad values exit with code 2 and say what is expected.</summary>
public class DemoCommandTests
{
    [TestCase("--preset paper", "--preset paper needs --dataset mnist")]
    [TestCase("--preset gpu", "--preset must be 'cpu' or 'paper', but was 'gpu'")]
    [TestCase("--set Nope=1", "no detector has an option named Nope")]
    public void BadArguments_ExitWithCode2AndSaySo(string arguments, string expected)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{SaveLoadTests.CliPath()}\" demo {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(expected));
    }
}
