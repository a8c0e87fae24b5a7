using System.Globalization;
using Nae.MLNet.Cli.Datasets;

namespace Nae.MLNet.Cli.Rendering;

/// <summary>The demo's AUROC table (Markdown).</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<DemoResult> results, HoldoutData data, int seed)
    {
        Console.WriteLine();
        Console.WriteLine($"| {data.Name}, digit {data.HeldOut} held out (seed {seed}) | AUROC | training time |");
        Console.WriteLine("|---|---|---|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Auroc:F3} | {r.Elapsed.TotalSeconds:F1} s |"));
        Console.WriteLine();
    }
}

/// <summary>One detector's outcome in the demo.</summary>
internal sealed record DemoResult(string Name, double Auroc, TimeSpan Elapsed, float[] Scores);
