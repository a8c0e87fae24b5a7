using Nae.MLNet.Benchmarks;

// Benchmark harness: `dotnet run --project test/Nae.MLNet.Benchmarks -c Release -- speed [--quick]`.
// Only the speed suite exists so far; the holdout and tabular suites are open work (issue 5).
string suite = args.FirstOrDefault() ?? "speed";
bool quick = args.Contains("--quick");
if (suite != "speed")
{
    Console.Error.WriteLine($"Unknown suite '{suite}'. Available: speed.");
    return 2;
}
var rows = SpeedSuite.Run(quick ? SpeedSettings.Quick : SpeedSettings.Full, Console.Out);
Console.WriteLine();
Console.WriteLine(SpeedSuite.ToMarkdown(rows));
return 0;
