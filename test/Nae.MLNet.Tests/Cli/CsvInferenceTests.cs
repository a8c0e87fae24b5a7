using System.Globalization;
using System.Text;
using Microsoft.ML;
using Nae.MLNet.Cli;
using Nae.MLNet.Cli.Csv;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Tests.Cli;

/// <summary>Known answers for the CSV side of the command line: record and field splitting, separator and header
/// detection, column purposes, label values, the checks that name a bad cell, and the detection metrics.</summary>
public class CsvInferenceTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("nae-csv-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string Write(string text, string name = "data.csv")
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void SplitFields_HandlesQuotesDoubledQuotesAndSeparatorsInside()
    {
        Assert.That(CsvRecords.SplitFields("a, \"b,c\" ,\"say \"\"hi\"\"\",", ','), Is.EqualTo(new[] { "a", "b,c", "say \"hi\"", "" }));
        Assert.That(CsvRecords.SplitFields("1;2,5;x", ';'), Is.EqualTo(new[] { "1", "2,5", "x" }));
    }

    [Test]
    public void Read_DetectsTheSeparator_AndKeepsQuotedLineBreaksInOneRecord()
    {
        var csv = CsvRecords.Read(Write("a;b;c\n1;\"x\ny\";3\n4;5;6\n"));
        Assert.That(csv.Separator, Is.EqualTo(';'));
        Assert.That(csv.Raw, Has.Count.EqualTo(3));
        Assert.That(csv.Fields(1), Is.EqualTo(new[] { "1", "x\ny", "3" }));
        Assert.That(csv.HasMultilineRecords, Is.True);
        Assert.That(CsvRecords.Read(Write("a\tb\n1\t2\n", "tab.csv")).Separator, Is.EqualTo('\t'));
    }

    [Test]
    public void Read_MissingOrEmptyFileOrOpenQuote_NamesTheFile()
    {
        Assert.That(Assert.Throws<CliDataException>(() => CsvRecords.Read(Path.Combine(_directory, "none.csv")))!.Message, Does.Contain("none.csv: no such file."));
        Assert.That(Assert.Throws<CliDataException>(() => CsvRecords.Read(Write("\n\n", "empty.csv")))!.Message, Does.Contain("empty.csv: the file is empty."));
        Assert.That(Assert.Throws<CliDataException>(() => CsvRecords.Read(Write("a,b\n1,\"2\n", "open.csv")))!.Message, Does.Contain("a quoted field that starts in record 2 is never closed"));
    }

    /// <summary>100 rows: an id, a category, a number with gaps, free text, a constant, a yes/no column and a fault/ok label.</summary>
    private string MixedCsv(char separator = ',', bool decimalComma = false)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(separator, "id", "site", "temp", "comment", "unit", "alarm", "state"));
        for (int i = 1; i <= 100; i++)
        {
            string temp = i % 10 == 0 ? "" : (20 + i * 0.25).ToString("0.00", CultureInfo.InvariantCulture);
            if (decimalComma) temp = temp.Replace('.', ',');
            text.AppendLine(string.Join(separator, i, "ABC"[i % 3], temp, $"\"reading number {i}, taken by the morning shift operator\"", "kPa",
                i % 2 == 0 ? "yes" : "no", i % 20 == 0 ? "fault" : "ok"));
        }
        return Write(text.ToString());
    }

    [Test]
    public void Infer_GivesEachColumnItsPurpose()
    {
        var plan = ColumnInference.Infer(CsvRecords.Read(MixedCsv()), null, "state", null, Array.Empty<string>());
        Assert.Multiple(() =>
        {
            Assert.That(plan.HasHeader, Is.True);
            Assert.That(plan.Find("id")!.Reason, Does.StartWith("identifier"));
            Assert.That(plan.Find("id")!.Purpose, Is.EqualTo(ColumnPurpose.Ignored));
            Assert.That(plan.Find("site")!.Purpose, Is.EqualTo(ColumnPurpose.Categorical));
            Assert.That(plan.Find("temp")!.Purpose, Is.EqualTo(ColumnPurpose.Numeric));
            Assert.That(plan.Find("temp")!.Reason, Does.Contain("10 missing"));
            Assert.That(plan.Find("comment")!.Reason, Is.EqualTo("free text"));
            Assert.That(plan.Find("unit")!.Reason, Is.EqualTo("constant 'kPa'"));
            Assert.That(plan.Find("alarm")!.Reason, Is.EqualTo("yes/no"));
            Assert.That(plan.Find("state")!.Purpose, Is.EqualTo(ColumnPurpose.Label));
            Assert.That(plan.AnomalyValue, Is.EqualTo("fault"), "the rarer of two strings");
        });
    }

    [Test]
    public void Infer_SemicolonsWithDecimalCommas_ReadAsNumbers()
    {
        var plan = ColumnInference.Infer(CsvRecords.Read(MixedCsv(';', decimalComma: true)), null, "state", null, Array.Empty<string>());
        Assert.That(plan.Separator, Is.EqualTo(';'));
        Assert.That(plan.DecimalMarker, Is.EqualTo(','));
        Assert.That(plan.Find("temp")!.Purpose, Is.EqualTo(ColumnPurpose.Numeric));
    }

    [Test]
    public void Infer_TheJsonPlanRoundTrips()
    {
        var plan = ColumnInference.Infer(CsvRecords.Read(MixedCsv()), null, "state", null, new[] { "site" });
        var again = ColumnPlan.FromJson(plan.ToJson(), "test");
        Assert.That(again.ToJson(), Is.EqualTo(plan.ToJson()));
        Assert.That(again.Find("site")!.Reason, Is.EqualTo("--ignore-cols"));
    }

    [TestCase("0,1", null, "1")]
    [TestCase("no,yes", null, "yes")]
    [TestCase("FALSE,TRUE", null, "TRUE")]
    [TestCase("0,1", "0", "0")]
    public void AnomalyValue_FollowsTheRules(string values, string? given, string expected)
    {
        var pair = values.Split(',');
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < 50; i++) text.Append(CultureInfo.InvariantCulture, $"{i * 0.5},{pair[i % 5 == 0 ? 1 : 0]}\n");
        var plan = ColumnInference.Infer(CsvRecords.Read(Write(text.ToString())), null, "y", given, Array.Empty<string>());
        Assert.That(plan.AnomalyValue, Is.EqualTo(expected));
    }

    [Test]
    public void Label_WithThreeValues_ListsThem_AndUnknownLabel_ListsTheColumns()
    {
        var path = Write("x,y\n1,a\n2,b\n3,c\n4,a\n");
        var three = Assert.Throws<CliDataException>(() => ColumnInference.Infer(CsvRecords.Read(path), null, "y", null, Array.Empty<string>()))!;
        Assert.That(three.Message, Does.Contain("has 3 values ('a' (2 rows), 'b' (1 rows), 'c' (1 rows))").And.Contain("--anomaly-value"));
        var unknown = Assert.Throws<CliDataException>(() => ColumnInference.Infer(CsvRecords.Read(path), null, "label", null, Array.Empty<string>()))!;
        Assert.That(unknown.Message, Does.Contain("--label-col 'label' is not a column of").And.Contain("its columns are: x, y"));
    }

    [Test]
    public void NonNumericCellAfterTheSample_IsNamedByRecordAndColumn()
    {
        var text = new StringBuilder("a,b\n");
        for (int i = 0; i < 1100; i++) text.Append(CultureInfo.InvariantCulture, $"{i % 7},{(i == 1050 ? "oops" : (i * 0.1).ToString(CultureInfo.InvariantCulture))}\n");
        var error = Assert.Throws<CliDataException>(() => ColumnInference.Infer(CsvRecords.Read(Write(text.ToString())), null, null, null, Array.Empty<string>()))!;
        Assert.That(error.Message, Does.Contain("record 1052, column 'b': 'oops' is not a number").And.Contain("--ignore-cols b"));
    }

    [Test]
    public void RecordWithAnotherFieldCount_IsNamed()
    {
        var error = Assert.Throws<CliDataException>(() => ColumnInference.Infer(CsvRecords.Read(Write("a,b\n1,2\n3,4,5\n")), null, null, null, Array.Empty<string>()))!;
        Assert.That(error.Message, Does.Contain("record 3: 3 fields where the first record has 2"));
    }

    [Test]
    public void Match_ByName_AcceptsAnotherOrderAndExtraColumns_AndNamesMissingOnes()
    {
        var plan = ColumnInference.Infer(CsvRecords.Read(Write("a,b,y\n1,2,0\n3,4,1\n5,6,0\n")), null, "y", null, Array.Empty<string>());
        Assert.That(CsvValidation.Match(CsvRecords.Read(Write("b,extra,a\n2,x,1\n", "other.csv")), plan, labelRequired: false), Is.EqualTo(new int?[] { 2, 0, null }));
        var error = Assert.Throws<CliDataException>(() => CsvValidation.Match(CsvRecords.Read(Write("a,c\n1,2\n", "bad.csv")), plan, labelRequired: false))!;
        Assert.That(error.Message, Does.Contain("lacks the model's column(s) b; the model reads: a, b, y"));
        Assert.Throws<CliDataException>(() => CsvValidation.Match(CsvRecords.Read(Write("a,b\n1,2\n", "nolabel.csv")), plan, labelRequired: true));
    }

    [Test]
    public void Metrics_AurocEqualsMlNet_AndAveragePrecisionHasItsKnownAnswer()
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, 300).Select(i => i % 6 == 0).ToArray();
        var scores = labels.Select(l => (float)Math.Round(random.NextDouble() + (l ? 0.4 : 0), 1)).ToArray(); // many ties
        var ml = new MLContext();
        var view = ml.Data.LoadFromEnumerable(scores.Select((s, i) => new Scored { Label = labels[i] ? 1 : 0, Score = s, PredictedLabel = s > 0.5f }));
        Assert.That(DetectionMetrics.Compute(scores, labels, 0.5f, 0.01).Auroc, Is.EqualTo(ml.AnomalyDetection.Evaluate(view).AreaUnderRocCurve).Within(1e-9));
        // ranks: anomaly, normal, anomaly, normal → precision 1 at the first anomaly, 2/3 at the second
        Assert.That(DetectionMetrics.AveragePrecision(new[] { 4f, 3f, 2f, 1f }, new[] { true, false, true, false }), Is.EqualTo((1 + 2.0 / 3) / 2).Within(1e-12));
    }

    public sealed class Scored
    {
        public float Label { get; set; }

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
