using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Cli;

/// <summary>
/// <c>nae-mlnet train / evaluate / score / explain</c> as a new user runs them, as processes on a real CSV (the bundled
/// ODDS cardio set, 1831 rows, 21 numeric columns, 176 anomalies), with a small trial count: every promised file, the
/// consumption project that builds and scores, ML.NET's AUROC, explanations that sum to the score, determinism.
/// </summary>
[NonParallelizable]
public class TrainCommandTests
{
    private string _directory = null!;
    private string _output = null!;
    private string _trainArguments = null!;
    private (int ExitCode, string Output, string Error) _train;

    [OneTimeSetUp]
    public void Train()
    {
        _directory = Directory.CreateTempSubdirectory("nae-cli-train-").FullName;
        _output = Path.Combine(_directory, "out");
        string library = Path.Combine(CliProcess.RepositoryRoot(), "src", "Nae.MLNet", "Nae.MLNet.csproj");
        _trainArguments = $"--dataset \"{CliProcess.CardioCsv}\" --label-col label --detectors autoencoder,nae --max-models 3 --time 300 --seed 1";
        _train = CliProcess.Run($"train {_trainArguments} --output \"{_output}\" --nae-mlnet-reference \"{library}\"");
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_directory, recursive: true);

    private string Out(string file) => Path.Combine(_output, file);

    [Test]
    public void Train_WritesEveryPromisedFile_AndNoTemporaryOnes()
    {
        Assert.That(_train.ExitCode, Is.Zero, _train.Error);
        foreach (var file in new[] { "model.zip", "columns.json", "leaderboard.csv", "experiment.json", "report.md", "report.html",
                     "roc.png", "pr.png", "scores.png", "trials.png", "training.png", "trials/trials.jsonl",
                     "NaeModel/NaeModel.csproj", "NaeModel/NaeModel.consumption.cs", "NaeModel/NaeModel.training.cs", "NaeModel/Program.cs", "NaeModel/NaeModel.zip" })
            Assert.That(File.Exists(Out(file)), Is.True, file);
        Assert.That(Directory.GetFileSystemEntries(_output, ".nae-tmp-*", SearchOption.AllDirectories), Is.Empty);
        Assert.That(File.ReadAllLines(Out("leaderboard.csv")), Has.Length.EqualTo(4), "a header and 3 trials");
        using var experiment = JsonDocument.Parse(File.ReadAllText(Out("experiment.json")));
        Assert.That(experiment.RootElement.GetProperty("trials").GetArrayLength(), Is.EqualTo(3));
        Assert.That(experiment.RootElement.GetProperty("evaluation").GetProperty("auroc").GetDouble(), Is.GreaterThan(0.8), "cardio is easy for an autoencoder");
        string report = File.ReadAllText(Out("report.md"));
        Assert.That(report, Does.Contain("## Leaderboard").And.Contain("validation AUROC").And.Contain("never used for selection").And.Contain("![roc.png](roc.png)"));
        Assert.That(File.ReadAllText(Out("report.html")), Does.Contain("<table>"));
        Assert.That(_train.Output, Does.Contain("Protocol: novelty: train on the").And.Contain("Test (").And.Contain("numeric"));
    }

    [Test]
    public void Evaluate_AurocEqualsMlNetsEvaluate()
    {
        var (exitCode, output, error) = CliProcess.Run($"evaluate --model \"{Out("model.zip")}\" --dataset \"{CliProcess.CardioCsv}\" --output \"{Path.Combine(_directory, "evaluation")}\"");
        Assert.That(exitCode, Is.Zero, error);
        double printed = Metric(output, "AUROC (ML.NET AnomalyDetection.Evaluate)"), own = Metric(output, "AUROC");

        var ml = new MLContext();
        var model = ml.Model.LoadWithDataLoaderAndNaeMLNet(Out("model.zip"), out IDataLoader<IMultiStreamSource> loader);
        var scored = model.Transform(loader.Load(CliProcess.CardioCsv));
        var rows = scored.GetColumn<float>("Score").Zip(scored.GetColumn<ReadOnlyMemory<char>>("label"),
            (s, l) => new CsvInferenceTests.Scored { Score = s, Label = l.ToString() == "1" ? 1 : 0 });
        double expected = ml.AnomalyDetection.Evaluate(ml.Data.LoadFromEnumerable(rows)).AreaUnderRocCurve;
        Assert.That(printed, Is.EqualTo(expected).Within(1e-6));
        Assert.That(own, Is.EqualTo(expected).Within(1e-4), "our AUROC, printed with 4 decimals");
        Assert.That(File.Exists(Path.Combine(_directory, "evaluation", "evaluation.html")), Is.True);
        (model as IDisposable)?.Dispose();
    }

    [Test]
    public void Score_MatchesScoresComputedInProcess_AndPassesTheIdColumn()
    {
        string scores = Path.Combine(_directory, "scores.csv");
        var (exitCode, _, error) = CliProcess.Run($"score --model \"{Out("model.zip")}\" --dataset \"{CliProcess.CardioCsv}\" --id-col label --output \"{scores}\"");
        Assert.That(exitCode, Is.Zero, error);
        var lines = File.ReadAllLines(scores);
        Assert.That(lines[0], Is.EqualTo("label,Score,PredictedLabel"));
        Assert.That(lines, Has.Length.EqualTo(1832));
        var ml = new MLContext();
        var model = ml.Model.LoadWithDataLoaderAndNaeMLNet(Out("model.zip"), out IDataLoader<IMultiStreamSource> loader);
        var expected = model.Transform(loader.Load(CliProcess.CardioCsv)).GetColumn<float>("Score").ToArray();
        Assert.That(lines.Skip(1).Select(l => float.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)), Is.EqualTo(expected));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]).Distinct(), Is.EquivalentTo(new[] { "0", "1" }));
        (model as IDisposable)?.Dispose();
    }

    [Test]
    public void Explain_ContributionsSumToTheScore()
    {
        string contributions = Path.Combine(_directory, "contributions.csv");
        var (exitCode, output, error) = CliProcess.Run($"explain --model \"{Out("model.zip")}\" --dataset \"{CliProcess.CardioCsv}\" --rows 1,2,3,1723 --features 3 --output \"{contributions}\"");
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("row 1723: Score"));
        var lines = File.ReadAllLines(contributions);
        Assert.That(lines[0], Does.StartWith("Row,Score,f0,f1"));
        Assert.That(lines[0], Does.Not.Contain("f5"), "the constant column is not a feature");
        foreach (var line in lines.Skip(1))
        {
            var values = line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.That(values.Skip(2).Sum(), Is.EqualTo(values[1]).Within(1e-4 * Math.Max(1, values[1])), line);
        }
    }

    [Test]
    public void GeneratedProject_Builds_AndPrintsTheScoresOfScore()
    {
        string project = Out("NaeModel");
        var build = Dotnet($"build \"{project}\" -c Release -nologo -v q");
        Assert.That(build.ExitCode, Is.Zero, build.Output);
        var run = Dotnet($"run --project \"{project}\" -c Release --no-build");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var printed = run.Output.Split('\n').Where(l => l.StartsWith("row ", StringComparison.Ordinal))
            .Select(l => float.Parse(l.Split("Score=")[1].Split(' ')[0], CultureInfo.InvariantCulture)).ToArray();
        var (_, scores, _) = CliProcess.Run($"score --model \"{Out("model.zip")}\" --dataset \"{CliProcess.CardioCsv}\"");
        var expected = scores.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(5).Select(l => float.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.That(printed, Has.Length.EqualTo(5));
        // one row at a time (PredictionEngine) against batches (score): the same numbers up to float rounding of the batched kernels
        for (int i = 0; i < 5; i++) Assert.That(printed[i], Is.EqualTo(expected[i]).Within(1e-3).Percent, $"row {i + 1}");
    }

    [Test]
    public void SameSeedAndTrialCount_GiveTheSameLeaderboardAndBitIdenticalScores()
    {
        string again = Path.Combine(_directory, "again");
        var second = CliProcess.Run($"train {_trainArguments} --output \"{again}\" --no-codegen");
        Assert.That(second.ExitCode, Is.Zero, second.Error);
        static IEnumerable<string> WithoutTimes(string path) => File.ReadAllLines(path).Select(line =>
        {
            var fields = line.Split(',');
            return string.Join(",", fields.Take(5).Concat(fields.Skip(7))); // drop seconds and peak memory
        });
        Assert.That(WithoutTimes(Path.Combine(again, "leaderboard.csv")), Is.EqualTo(WithoutTimes(Out("leaderboard.csv"))));
        var first = CliProcess.Run($"score --model \"{Out("model.zip")}\" --dataset \"{CliProcess.CardioCsv}\"").Output;
        var repeat = CliProcess.Run($"score --model \"{Path.Combine(again, "model.zip")}\" --dataset \"{CliProcess.CardioCsv}\"").Output;
        Assert.That(repeat, Is.EqualTo(first));
    }

    private static double Metric(string markdown, string name) => double.Parse(
        markdown.Split('\n').First(l => l.StartsWith($"| {name} |", StringComparison.Ordinal)).Split('|')[2].Trim(), CultureInfo.InvariantCulture);

    private static (int ExitCode, string Output) Dotnet(string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
