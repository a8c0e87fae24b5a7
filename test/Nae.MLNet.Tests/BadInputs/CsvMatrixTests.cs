using Microsoft.ML;
using System.Globalization;
using System.Text;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, CSV commands (the real executable): each case ends with one line on standard error that says what,
/// where and what to do, a non-zero exit code, and no output files. The cases that need a trained model share one, trained
/// on a small CSV with one trial.
/// </summary>
[NonParallelizable]
public class CsvMatrixTests
{
    private string _directory = null!;
    private string _model = null!;

    [OneTimeSetUp]
    public void TrainSmallModel()
    {
        _directory = Directory.CreateTempSubdirectory("nae-csv-matrix-").FullName;
        var (exitCode, _, error) = CliProcess.Run($"train --dataset \"{Sensors("sensors.csv", 240)}\" --label-col state --detectors autoencoder --max-models 1 --no-codegen --output \"{Path.Combine(_directory, "model")}\"");
        Assert.That(exitCode, Is.Zero, error);
        _model = Path.Combine(_directory, "model", "model.zip");
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_directory, recursive: true);

    /// <summary>Sensor readings: ';' separated with decimal commas, a quoted comment holding ';' and ',', missing values,
    /// an id, a constant and a categorical column, and a label "fault"/"ok" (every 12th row a fault).</summary>
    private string Sensors(string name, int rows, Func<int, string>? state = null, string header = "id;site;temp;pressure;comment;unit;state")
    {
        var text = new StringBuilder(header + "\n");
        for (int i = 1; i <= rows; i++)
        {
            bool fault = i % 12 == 0;
            string temp = i % 15 == 0 ? "" : (20 + (i % 17) * 0.5 + (fault ? 9 : 0)).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');
            string pressure = (1 + (i % 5) * 0.1).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');
            text.Append(CultureInfo.InvariantCulture, $"{i};{"NSEW"[i % 4]};{temp};{pressure};\"shift {i % 3}; checked, ok\";bar;{state?.Invoke(i) ?? (fault ? "fault" : "ok")}\n");
        }
        return Write(name, text.ToString());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void AssertFails(string arguments, string expected, string? output = null)
    {
        var (exitCode, _, error) = CliProcess.Run(arguments);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), error);
            Assert.That(error, Does.Contain(expected));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line: " + error);
            if (output is not null) Assert.That(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), Is.False, "no output files");
        });
    }

    private string Train(string dataset, string more = "") =>
        $"train --dataset \"{dataset}\" {more} --detectors autoencoder --max-models 1 --no-codegen --output \"{Path.Combine(_directory, "out")}\"";

    private string OutputFolder => Path.Combine(_directory, "out");

    [Test]
    public void SemicolonsDecimalCommasAndQuotedSeparators_AreHandled()
    {
        string plan = File.ReadAllText(Path.Combine(_directory, "model", "columns.json"));
        Assert.That(plan, Does.Contain("\"separator\": \";\"").And.Contain("\"decimalMarker\": \",\""));
        Assert.That(plan, Does.Contain("\"anomalyValue\": \"fault\""));
        var (exitCode, output, error) = CliProcess.Run($"score --model \"{_model}\" --dataset \"{Sensors("new.csv", 30)}\" --id-col id");
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(31));
        Assert.That(output, Does.StartWith("id,Score,PredictedLabel\n1,"));
    }

    [Test]
    public void MissingFile() => AssertFails(Train(Path.Combine(_directory, "none.csv")), "none.csv: no such file.", OutputFolder);

    [Test]
    public void EmptyFile() => AssertFails(Train(Write("empty.csv", "")), "empty.csv: the file is empty.", OutputFolder);

    [Test]
    public void UnknownLabelColumn_ListsTheColumns() =>
        AssertFails(Train(Sensors("a.csv", 60), "--label-col status"), "--label-col 'status' is not a column of", OutputFolder);

    [Test]
    public void LabelWithMoreThanTwoValues_ListsThem() =>
        AssertFails(Train(Sensors("b.csv", 60, i => (i % 3).ToString(CultureInfo.InvariantCulture)), "--label-col state"),
            "Label column 'state' has 3 values ('0' (20 rows), '1' (20 rows), '2' (20 rows))", OutputFolder);

    [Test]
    public void NonNumericCell_NamesRecordAndColumn()
    {
        var lines = File.ReadAllLines(Sensors("c.csv", 1200)).ToList();
        lines[1101] = lines[1101].Replace(";bar;", ";bar;").Split(';') is var f ? string.Join(";", f.Take(3).Append("high").Concat(f.Skip(4))) : "";
        string path = Write("c.csv", string.Join("\n", lines) + "\n");
        AssertFails(Train(path, "--label-col state"), "record 1102, column 'pressure': 'high' is not a number", OutputFolder);
    }

    [Test]
    public void NoAnomaliesInTheValidationSplit() =>
        AssertFails(Train(Sensors("d.csv", 100, i => i == 50 ? "fault" : "ok"), "--label-col state"), "0 of 20 validation rows are anomalies", OutputFolder);

    [Test]
    public void ModelFileThatIsNotAModel()
    {
        string fake = Write("fake.zip", "not a zip at all");
        AssertFails($"score --model \"{fake}\" --dataset \"{Sensors("e.csv", 10)}\"", "is not a model file (not a zip archive)");
    }

    [Test]
    public void CsvWhoseColumnsDoNotMatchTheModel() =>
        AssertFails($"score --model \"{_model}\" --dataset \"{Sensors("f.csv", 10, header: "id;site;temperature;pressure;comment;unit;state")}\"",
            "lacks the model's column(s) temp; the model reads: id, site, temp, pressure, comment, unit, state");

    [Test]
    public void ScoreToAFile_DataThatFailsPartWay_LeavesNoPartialFile()
    {
        var lines = File.ReadAllLines(Sensors("g.csv", 50)).ToList();
        lines[40] = "41;N;oops;1,0;\"x\";bar;ok";
        string path = Write("g.csv", string.Join("\n", lines) + "\n"), output = Path.Combine(_directory, "g-scores.csv");
        AssertFails($"score --model \"{_model}\" --dataset \"{path}\" --output \"{output}\"", "record 41, column 'temp': 'oops' is not a number");
        Assert.That(File.Exists(output), Is.False);
        Assert.That(Directory.GetFiles(_directory, ".nae-tmp-*"), Is.Empty);
    }

    [TestCase("evaluate")]
    [TestCase("explain")]
    public void BinaryRowsToACommandThatNeedsCsv_AreRefusedClearly(string command)
    {
        var ml = new MLContext(1);
        string path = Path.Combine(_directory, $"{command}.idv");
        using (var stream = File.Create(path))
            ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(new[] { new BinaryRow { Temp = 1 } }), stream);
        AssertFails($"{command} --model \"{_model}\" --dataset \"{path}\"", $"{command}.idv is ML.NET binary rows (.idv)");
    }

    public sealed class BinaryRow
    {
        public float Temp { get; set; }
    }

    [Test]
    public void TestDatasetWithoutLabel_IsAUsageError()
    {
        string path = Sensors("j.csv", 40);
        var (exitCode, _, error) = CliProcess.Run($"train --dataset \"{path}\" --test-dataset \"{path}\" --no-codegen --output \"{OutputFolder}\"");
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("--test-dataset needs --label-col"));
    }

    [Test]
    public void EvaluateWithoutLabels_SaysToUseScore()
    {
        var (exitCode, _, error) = CliProcess.Run($"train --dataset \"{Sensors("h.csv", 80)}\" --ignore-cols state --detectors pca,autoencoder --max-models 2 --no-codegen --output \"{Path.Combine(_directory, "unlabelled")}\"");
        Assert.That(exitCode, Is.Zero, error);
        var evaluate = CliProcess.Run($"evaluate --model \"{Path.Combine(_directory, "unlabelled", "model.zip")}\" --dataset \"{Sensors("i.csv", 20)}\"");
        Assert.That(evaluate.ExitCode, Is.EqualTo(2));
        Assert.That(evaluate.Error, Does.Contain("The model has no label column: pass --label-col").And.Contain("nae-mlnet score"));
    }
}
