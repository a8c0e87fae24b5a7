namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// One measured value: which data set and method, which seed, what was measured (AUROC, FitSeconds, ms per update,
/// rows/s, ...) and its unit. Every suite writes these, so one CSV format holds all results.
/// </summary>
public sealed record BenchmarkRecord(string DataSet, string Method, int Seed, string Measure, double Value, string Unit);
