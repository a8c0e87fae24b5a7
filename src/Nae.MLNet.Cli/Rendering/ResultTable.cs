using System.Globalization;
using Nae.MLNet.Cli.Commands;

namespace Nae.MLNet.Cli.Rendering;

/// <summary>The demo's AUROC table.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<DemoResult> results, int heldOut)
    {
        Console.WriteLine();
        Console.WriteLine($"| detector (digit {heldOut} held out) | AUROC | time |");
        Console.WriteLine("|---|---|---|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Auroc:F3} | {r.Elapsed.TotalSeconds:F1} s |"));
        Console.WriteLine();
    }
}
