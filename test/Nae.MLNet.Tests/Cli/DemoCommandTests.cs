using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Cli;

/// <summary>The demo's argument checks, through the real executable: bad values exit with code 2 and say what is expected, in one line.</summary>
public class DemoCommandTests
{
    [TestCase("demo --preset paper", "--preset paper needs --dataset mnist")]
    [TestCase("demo --preset gpu", "--preset must be 'cpu' or 'paper', but was 'gpu'")]
    [TestCase("demo --set Nope=1", "no detector has an option named Nope")]
    [TestCase("demo --set AutoencoderEpochs=5", "no detector has an option named AutoencoderEpochs")]
    [TestCase("demo --set DecoderOutput=7", "--set DecoderOutput: '7' is not one of Linear, Sigmoid.")]
    [TestCase("demo --set Epochs=-1", "ArgumentOutOfRangeException: Epochs must be at least 1, but was -1.")]
    [TestCase("demo --detectors nea", "--detectors takes autoencoder, nae, mpdr-r, mpdr-s, but got 'nea'.")]
    [TestCase("", "No command given.")]
    [TestCase("train", "Unknown command 'train'.")]
    public void BadArguments_ExitWithCode2AndSaySo(string arguments, string expected)
    {
        var (exitCode, _, stderr) = CliProcess.Run(arguments);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(expected));
        Assert.That(stderr.Split('\n').Count(line => line.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(stderr.Split('\n')[0], Does.Contain(expected), "the message is the first line");
    }

    [Test]
    public void Help_ExitsWithCode0_OnStandardOutput()
    {
        var (exitCode, output, _) = CliProcess.Run("--help");
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("Exit codes"));
    }
}
