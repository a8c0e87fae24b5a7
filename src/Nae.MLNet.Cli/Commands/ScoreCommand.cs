using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Commands;

/// <summary><c>nae-mlnet score</c>: load a model zip in a fresh process and write Score and PredictedLabel per row.</summary>
internal static class ScoreCommand
{
    public static int Run(CommandLine options)
    {
        var ml = new MLContext().RegisterNaeMLNet();
        var model = ml.Model.Load(options.Require("model"), out _);
        var data = ml.Data.LoadFromBinary(options.Require("data"));
        var scored = model.Transform(data);
        string output = options.Get("output", "-");
        using var writer = output == "-" ? Console.Out : new StreamWriter(output);
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
        return 0;
    }
}
