using Nae.MLNet.Benchmarks.AutoML;
using Nae.MLNet.Benchmarks.Calibration;
using Nae.MLNet.Benchmarks.Harness;
using Nae.MLNet.Benchmarks.Holdout;
using Nae.MLNet.Benchmarks.Speed;
using Nae.MLNet.Benchmarks.Tabular;

// Benchmark harness: `dotnet run --project test/Nae.MLNet.Benchmarks -c Release -- SUITE [options]`; see docs/benchmarks.md.
BenchmarkArguments arguments;
try
{
    arguments = BenchmarkArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Usage: SUITE [--quick] [--fresh] [--seeds 1,2,3] [--device cpu|cuda] [--output DIR] [--only a,b] [--methods a,b] " +
                            "[--python /usr/bin/python3] [--protocol novelty|unsupervised] [--max-train-rows 10000] [--threads N] [--budget 30] [--set Name=Value]");
    return 2;
}

if (arguments.Threads > 0) TorchSharp.torch.set_num_threads(arguments.Threads);
Console.WriteLine($"Suite {arguments.Suite}{(arguments.Quick ? " (quick)" : "")}, device {arguments.Device}, {TorchSharp.torch.get_num_threads()} torch threads, seeds {string.Join(",", arguments.Seeds)}, results in {arguments.OutputDirectory}");
try
{
    int failed = arguments.Suite switch
    {
        "holdout" => HoldoutSuite.Run(arguments, arguments.Quick ? HoldoutSettings.Quick : HoldoutSettings.Full, Console.Out),
        "tabular" => TabularSuite.Run(arguments, Console.Out),
        "micro" => MicroBenchmarks.Run(arguments, Console.Out),
        "calibration" => CalibrationSuite.Run(arguments, Console.Out),
        "automl" => AutoMLSuite.Run(arguments, Console.Out),
        "automl-holdout" => AutoMLHoldoutSuite.Run(arguments, Console.Out),
        "trace" => TraceSuite.Run(arguments, Console.Out),
        "seed-ensemble" => SeedEnsembleSuite.Run(arguments, Console.Out),
        _ => SpeedBenchmark.Run(arguments, arguments.Quick ? SpeedSettings.Quick : SpeedSettings.Full, Console.Out),
    };
    return failed > 0 ? 1 : 0;
}
catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
