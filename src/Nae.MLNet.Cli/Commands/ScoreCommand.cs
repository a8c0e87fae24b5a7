using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Commands;

/// <summary><c>nae-mlnet score</c>: load a model zip in a fresh process and write Score and PredictedLabel per row.</summary>
/// <remarks>The CSV is written to a temporary file beside the output and renamed when every row is scored, so a failure
/// part-way leaves no partial file. Rows with NaN or infinite features score Infinity and are flagged.</remarks>
internal static class ScoreCommand
{
    public static int Run(CommandLine options)
    {
        var ml = new MLContext();
        var model = ml.Model.LoadWithNaeMLNet(options.Require("model"), out var modelSchema);
        var data = ml.Data.LoadFromBinary(options.Require("data"));
        CheckInputSchema(modelSchema, data.Schema);
        var scored = model.Transform(data);
        string output = options.Get("output", "-");
        if (output == "-")
        {
            Write(scored, Console.Out);
            return 0;
        }
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary)) Write(scored, writer);
            File.Move(temporary, output, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return 0;
    }

    private static void Write(IDataView scored, TextWriter writer)
    {
        writer.WriteLine("Score,PredictedLabel");
        using var cursor = scored.GetRowCursor(new[] { scored.Schema["Score"], scored.Schema["PredictedLabel"] });
        var score = cursor.GetGetter<float>(scored.Schema["Score"]);
        var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
        float s = 0;
        bool l = false;
        while (cursor.MoveNext())
        {
            score(ref s);
            label(ref l);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s:R},{l}"));
        }
    }

    /// <summary>A column that the data and the model's saved input schema share must have the same type (checked before
    /// any transform runs, so that a mismatch is named here rather than deep inside ML.NET; a column the pipeline needs
    /// and the data lacks is named by ML.NET).</summary>
    private static void CheckInputSchema(DataViewSchema expected, DataViewSchema actual)
    {
        foreach (var column in expected)
            if (actual.GetColumnOrNull(column.Name) is { } found && !found.Type.Equals(column.Type))
                throw new CommandLineException($"--data column '{column.Name}' is {found.Type}, but the model takes {column.Type}.");
    }
}
