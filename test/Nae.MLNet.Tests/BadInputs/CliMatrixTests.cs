using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, command line (the real executable): bad arguments exit with code 2 and say what is expected, first,
/// then point to the command's help; typos get a suggestion; failures while running exit with code 1 and one line. Data that fails part-way and data of another
/// schema: <see cref="Persistence.SaveLoadTests"/> (they need a trained model).
/// </summary>
public class CliMatrixTests
{
    [TestCase("demo --preset paper", "--preset paper needs --dataset mnist")]
    [TestCase("demo --preset gpu", "Argument 'gpu' not recognized. Must be one of:")]
    [TestCase("demo --set Nope=1", "no detector has an option named Nope")]
    [TestCase("demo --set AutoencoderEpochs=5", "no detector has an option named AutoencoderEpochs")]
    [TestCase("demo --set DecoderOutput=7", "--set DecoderOutput: '7' is not one of Linear, Sigmoid.")]
    [TestCase("demo --set Epochs=-1", "ArgumentOutOfRangeException: Epochs must be at least 1, but was -1.")]
    [TestCase("demo --detectors nea", "--detectors takes autoencoder, nae, mpdr-r, mpdr-s, but got 'nea'.")]
    [TestCase("", "Required command was not provided.")]
    [TestCase("trian --dataset x.csv", "'trian' was not matched. Did you mean one of the following?")]
    [TestCase("demo --holdot 3", "'--holdot' was not matched. Did you mean one of the following?")]
    [TestCase("demo --holdout", "Required argument missing for option: '--holdout'.")]
    [TestCase("demo --holdout x", "Cannot parse argument 'x' for option '--holdout'")]
    [TestCase("demo --holdout 12", "--holdout must be a digit 0-9, but was 12.")]
    [TestCase("demo --dataset cifar", "Argument 'cifar' not recognized. Must be one of:")]
    [TestCase("score --data x.idv", "Option '--model' is required.")]
    [TestCase("score -m m.zip -d x.csv --fpr 0.1 --threshold 2", "Pass --fpr or --threshold, not both.")]
    [TestCase("train", "Option '--dataset' is required.")]
    [TestCase("train --dataset x.csv --separator ab", "--separator takes comma, semicolon, tab, pipe or one character, but got 'ab'.")]
    [TestCase("train --dataset x.csv --name 1x", "--name must be a C# identifier (letters, digits, _), but got '1x'.")]
    [TestCase("train --dataset x.csv --select best", "Argument 'best' not recognized. Must be one of:")]
    [TestCase("train --dataset x.csv --time -5", "Cannot parse argument '-5' for option '--time'")]
    [TestCase("evaluate --model m.zip --dataset x.csv --fpr 2", "--fpr must be greater than 0 and less than 1, but was 2.")]
    public void BadArguments_ExitWithCode2AndSaySo(string arguments, string expected)
    {
        var (exitCode, _, stderr) = CliProcess.Run(arguments);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(expected));
        Assert.That(stderr.Split('\n').Count(line => line.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(stderr.Split('\n')[0], Does.Contain(expected), "the message is the first line");
        Assert.That(stderr, Does.Contain("--help' for the options."), "points to the command's help");
    }

    [TestCase("trian --dataset x.csv", "train")]
    [TestCase("demo --holdot 3", "--holdout")]
    [TestCase("train --dataset x.csv --lable-col y", "--label-col")]
    public void Typos_GetASuggestion(string arguments, string suggestion)
    {
        var (exitCode, _, stderr) = CliProcess.Run(arguments);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr.Split('\n').Select(l => l.Trim()), Does.Contain(suggestion));
    }

    [Test]
    public void ModelFileThatDoesNotExist_ExitsWithCode1_InOneLine()
    {
        var (exitCode, _, stderr) = CliProcess.Run($"score --model \"{Path.Combine(Path.GetTempPath(), "no-such-model.zip")}\" --data x.idv");
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("no-such-model.zip: no such model file."));
    }

    [TestCase("--help")]
    [TestCase("train --help")]
    [TestCase("evaluate --help")]
    [TestCase("score --help")]
    [TestCase("explain --help")]
    [TestCase("demo --help")]
    [TestCase("--version")]
    public void HelpAndVersion_ExitWithCode0_OnStandardOutput(string arguments)
    {
        var (exitCode, output, _) = CliProcess.Run(arguments);
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, arguments == "--version" ? Does.StartWith("0.1.0") : Does.Contain("Usage:"));
    }

    [Test]
    public void Help_ListsTheCommandsAndExitCodes()
    {
        var (_, output, _) = CliProcess.Run("--help");
        Assert.That(output, Does.Contain("Exit codes: 0 success, 1 error, 2 bad usage, 3 time budget").And.Contain("train").And.Contain("explain"));
    }
}
