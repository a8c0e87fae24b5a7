using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, command line (the real executable): bad arguments exit with code 2 and say what is expected, first,
/// on one line; failures while running exit with code 1 and one line. Data that fails part-way and data of another
/// schema: <see cref="Persistence.SaveLoadTests"/> (they need a trained model).
/// </summary>
public class CliMatrixTests
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
    [TestCase("demo --holdout", "Expected '--name value' pairs, but got '--holdout'.")]
    [TestCase("demo --holdout x", "--holdout expects an integer, but got 'x'.")]
    [TestCase("demo --holdout 12", "--holdout must be a digit 0-9, but was 12.")]
    [TestCase("demo --dataset cifar", "--dataset must be 'digits' or 'mnist', but was 'cifar'.")]
    [TestCase("score --data x.idv", "Missing required option --model.")]
    public void BadArguments_ExitWithCode2AndSaySo(string arguments, string expected)
    {
        var (exitCode, _, stderr) = CliProcess.Run(arguments);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(expected));
        Assert.That(stderr.Split('\n').Count(line => line.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(stderr.Split('\n')[0], Does.Contain(expected), "the message is the first line");
    }

    [Test]
    public void ModelFileThatDoesNotExist_ExitsWithCode1_InOneLine()
    {
        var (exitCode, _, stderr) = CliProcess.Run($"score --model \"{Path.Combine(Path.GetTempPath(), "no-such-model.zip")}\" --data x.idv");
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("FileNotFoundException").And.Contain("no-such-model.zip"));
    }

    [Test]
    public void Help_ExitsWithCode0_OnStandardOutput()
    {
        var (exitCode, output, _) = CliProcess.Run("--help");
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("Exit codes"));
    }
}
