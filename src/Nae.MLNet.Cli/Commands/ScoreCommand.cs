using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Csv;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Cli.Commands;

/// <summary><c>nae-mlnet score</c>: load a model zip in a fresh process and write an identifier, Score and PredictedLabel
/// per row of a CSV file (through the model's loader) or of ML.NET binary rows (.idv).</summary>
/// <remarks>The CSV is written to a temporary file beside the output and renamed when every row is scored, so a failure
/// part-way leaves no partial file. Rows with NaN or infinite features score Infinity and are flagged.</remarks>
internal static class ScoreCommand
{
    public static readonly Option<string> Model = new("--model", "-m") { Description = "A model zip written by 'nae-mlnet train' (or mlContext.Model.Save).", Required = true };
    public static readonly Option<string> Dataset = new("--dataset", "--data", "-d") { Description = "The rows: a CSV file with the training file's columns, or ML.NET binary rows (.idv).", Required = true };
    private static readonly Option<string> IdColumn = new("--id-col") { Description = "A column passed through to the output to identify rows (default: the row number)." };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "CSV file to write; - for standard output.", DefaultValueFactory = _ => "-" };
    private static readonly Option<double?> FalsePositiveRate = new("--fpr") { Description = "Re-threshold at this false-positive rate on the model's calibration rows (no retraining)." };
    private static readonly Option<float?> Threshold = new("--threshold") { Description = "Re-threshold: PredictedLabel = Score > this value." };

    public static Command Create()
    {
        var command = new Command("score", "Score rows with a saved model: CSV or .idv in, CSV out (id, Score, PredictedLabel).")
        {
            Model, Dataset, IdColumn, Output, FalsePositiveRate, Threshold,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(FalsePositiveRate) is not null && result.GetValue(Threshold) is not null)
                result.AddError("Pass --fpr or --threshold, not both.");
        });
        command.SetAction(parsed => Run(parsed));
        return command;
    }

    private static int Run(ParseResult args)
    {
        var ml = new MLContext();
        using var file = CsvModelFile.Load(ml, args.GetValue(Model)!);
        var data = file.Read(ml, args.GetValue(Dataset)!, labelRequired: false).Data;
        var model = Rethreshold(file.Model, args.GetValue(FalsePositiveRate), args.GetValue(Threshold));
        string? id = args.GetValue(IdColumn);
        if (id is not null && data.Schema.GetColumnOrNull(id) is null)
            throw new CliDataException($"--id-col '{id}' is not a column of {args.GetValue(Dataset)}; its columns are: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        var scored = model.Transform(data);
        string output = args.GetValue(Output)!;
        if (output == "-") Write(scored, id, Console.Out);
        else OutputFiles.Write(output, temporary =>
        {
            using var writer = new StreamWriter(temporary);
            Write(scored, id, writer);
        });
        ModelFacts.DisposeDerived(model, file.Model);
        return ExitCodes.Success;
    }

    /// <summary>The model with the detector's threshold moved to <paramref name="falsePositiveRate"/> or <paramref name="threshold"/>.</summary>
    public static ITransformer Rethreshold(ITransformer model, double? falsePositiveRate, float? threshold)
    {
        if (falsePositiveRate is null && threshold is null) return model;
        return ModelFacts.Detector(model) switch
        {
            EnergyAnomalyTransformer energy => ModelFacts.WithDetector(model, threshold is float t ? energy.WithThreshold(t) : energy.WithFalsePositiveRate(falsePositiveRate!.Value)),
            _ => throw new CommandLineException($"--fpr and --threshold re-threshold a single Nae.MLNet detector; this model's is {ModelFacts.Describe(model)}."),
        };
    }

    private static void Write(IDataView scored, string? idColumn, TextWriter writer)
    {
        writer.WriteLine($"{(idColumn is null ? "Row" : CsvRecords.Quote(idColumn))},Score,PredictedLabel");
        var columns = new List<DataViewSchema.Column> { scored.Schema["Score"], scored.Schema["PredictedLabel"] };
        if (idColumn is not null) columns.Add(scored.Schema[idColumn]);
        using var cursor = scored.GetRowCursor(columns);
        var score = cursor.GetGetter<float>(scored.Schema["Score"]);
        var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
        Func<string> id = idColumn is null ? () => (cursor.Position + 1).ToString(CultureInfo.InvariantCulture) : TextGetter(cursor, scored.Schema[idColumn]);
        float s = 0;
        bool l = false;
        while (cursor.MoveNext())
        {
            score(ref s);
            label(ref l);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{CsvRecords.Quote(id())},{s:R},{l}"));
        }
    }

    /// <summary>A column's value as text (text, Single, Double, Boolean or integer columns).</summary>
    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        Func<string> Of<T>(Func<T, string> format)
        {
            var getter = cursor.GetGetter<T>(column);
            T value = default!;
            return () => { getter(ref value); return format(value); };
        }
        return column.Type.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Of<ReadOnlyMemory<char>>(v => v.ToString()),
            var t when t == typeof(float) => Of<float>(v => v.ToString("R", CultureInfo.InvariantCulture)),
            var t when t == typeof(double) => Of<double>(v => v.ToString("R", CultureInfo.InvariantCulture)),
            var t when t == typeof(bool) => Of<bool>(v => v.ToString()),
            var t when t == typeof(int) => Of<int>(v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t == typeof(long) => Of<long>(v => v.ToString(CultureInfo.InvariantCulture)),
            _ => throw new CommandLineException($"--id-col '{column.Name}' is {column.Type}; an identifier column holds text or numbers."),
        };
    }
}
