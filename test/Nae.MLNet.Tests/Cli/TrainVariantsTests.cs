using System.Diagnostics;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Cli;

/// <summary>Variants of <c>nae-mlnet train</c> as processes on the bundled cardio CSV: Ctrl+C (SIGINT), label-free
/// selection, a budget too small for any trial, and an MPDR-S model explained approximately.</summary>
[NonParallelizable]
public class TrainVariantsTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("nae-cli-cancel-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    [Platform(Exclude = "Win", Reason = "sends SIGINT with kill(1)")]
    public void CtrlC_AfterTwoTrials_KeepsTheBestCompletedTrial_AndLeavesNoTemporaryFiles()
    {
        string output = Path.Combine(_directory, "out");
        using var process = CliProcess.Start($"train --dataset \"{CliProcess.CardioCsv}\" --label-col label --detectors autoencoder,nae --time 600 --max-models 40 --no-codegen --output \"{output}\"");
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (lines.Count(l => l.StartsWith("  trial ", StringComparison.Ordinal)) == 2) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) Assert.Fail("no two trials in 3 minutes:\n" + string.Join("\n", lines));
        }
        Process.Start("kill", $"-{InterruptSignal()} {process.Id}")!.WaitForExit();
        string rest = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(120_000), Is.True, "exits after the signal");
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(130), error.Result + rest);
            Assert.That(File.Exists(Path.Combine(output, "model.zip")), Is.True, "the best completed trial's model");
            Assert.That(File.ReadAllText(Path.Combine(output, "report.md")), Does.Contain("stopped: Cancelled"));
            Assert.That(Directory.GetFileSystemEntries(output, ".nae-tmp-*", SearchOption.AllDirectories), Is.Empty, "no temporary files");
        });
        var score = CliProcess.Run($"score --model \"{Path.Combine(output, "model.zip")}\" --dataset \"{CliProcess.CardioCsv}\"");
        Assert.That(score.ExitCode, Is.Zero, score.Error);
    }

    /// <summary>INT, unless this process ignores SIGINT (a background job of a non-interactive shell, e.g. a CI script run
    /// with <c>&amp;</c>: POSIX sets SIGINT to ignored there, the child inherits it and cannot be interrupted); then TERM,
    /// which the CLI handles the same way.</summary>
    private static string InterruptSignal()
    {
        string? ignored = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))?[7..].Trim()
            : null;
        bool sigintIgnored = ignored is not null && (Convert.ToUInt64(ignored, 16) & (1UL << 1)) != 0; // bit n-1 for signal n; SIGINT = 2
        return sigintIgnored ? "TERM" : "INT";
    }

    [Test]
    public void WithoutLabels_SelectsAnEnsembleLabelFree_SaysSo_AndTheModelScoresInAFreshProcess()
    {
        string output = Path.Combine(_directory, "unlabelled");
        var (exitCode, stdout, error) = CliProcess.Run($"train --dataset \"{CliProcess.CardioCsv}\" --ignore-cols label --detectors autoencoder,nae,mpdr-r --max-models 4 --no-codegen --output \"{output}\"");
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(stdout, Does.Contain("No label column: unsupervised").And.Contain("often no better than a sensible default"));
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.That(report, Does.Contain("Label-free model selection is often no better").And.Contain("synthetic-anomaly AUROC"));
        Assert.That(File.Exists(Path.Combine(output, "roc.png")), Is.False, "no labels, no ROC");
        var score = CliProcess.Run($"score --model \"{Path.Combine(output, "model.zip")}\" --dataset \"{CliProcess.CardioCsv}\"");
        Assert.That(score.ExitCode, Is.Zero, score.Error);
        Assert.That(score.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1832));
        // the label, ignored for training, still evaluates the label-free model
        var evaluate = CliProcess.Run($"evaluate --model \"{Path.Combine(output, "model.zip")}\" --dataset \"{CliProcess.CardioCsv}\" --label-col label");
        Assert.That(evaluate.ExitCode, Is.Zero, evaluate.Error);
        Assert.That(evaluate.Output, Does.Contain("176 anomalies ('label' = '1')"));
    }

    [Test]
    public void BudgetEndingBeforeAnyTrial_ExitsWith3_AndSaysWhatTheFirstTrialCost()
    {
        string output = Path.Combine(_directory, "short");
        var (exitCode, _, error) = CliProcess.Run($"train --dataset \"{CliProcess.CardioCsv}\" --label-col label --detectors nae --time 1 --no-codegen --output \"{output}\"");
        Assert.That(exitCode, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain("The time budget of 1 s ended before any trial completed: the first trial (NAE) ran"));
        Assert.That(File.Exists(Path.Combine(output, "model.zip")), Is.False);
    }

    [Test]
    public void ScalarEnergy_IsExplainedApproximately_AgainstTheTrainingMedian()
    {
        string output = Path.Combine(_directory, "scalar");
        var train = CliProcess.Run($"train --dataset \"{CliProcess.CardioCsv}\" --label-col label --detectors mpdr-s --max-models 1 --no-codegen --output \"{output}\"");
        Assert.That(train.ExitCode, Is.Zero, train.Error);
        Assert.That(File.ReadAllText(Path.Combine(output, "columns.json")), Does.Not.Contain("featureMedians"), "the medians live in the model, not in the editable plan");
        string contributions = Path.Combine(_directory, "scalar.csv");
        var (exitCode, stdout, error) = CliProcess.Run($"explain --model \"{Path.Combine(output, "model.zip")}\" --dataset \"{CliProcess.CardioCsv}\" --rows 5 --output \"{contributions}\"");
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(stdout, Does.Contain("Contributions: approximate (energy gradient × difference from the training median"));
        var lines = File.ReadAllLines(contributions);
        Assert.That(lines[1].Split(','), Has.Length.EqualTo(22), "row, score and the 20 feature columns");
    }
}
