using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Persistence;

/// <summary>
/// Model-file fuzzing: a child process (test/Nae.MLNet.ModelFuzz, managed heap capped at 512 MiB) loads 250 damaged
/// copies of each detector's saved model (single-byte flips, truncations and int32 overwrites of its detector stream).
/// Every load must throw a <see cref="FormatException"/> or give a model whose scores are finite; no load may allocate
/// more than 64 MiB beyond the file's size (managed bytes, and the growth of the peak resident set); nothing may crash.
/// </summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class ModelFileFuzzTests
{
    private const int Cases = 250;
    private const long Budget = 64L << 20;
    private readonly DetectorInfo _detector;

    public ModelFileFuzzTests(DetectorInfo detector) => _detector = detector;

    [Test]
    public void DamagedModelFiles_ThrowFormatException_OrLoadWithFiniteScores_WithinTheMemoryBudget()
    {
        string directory = Path.Combine(Path.GetTempPath(), "nae-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var ml = new MLContext(1);
            var (model, train, _) = TestModels.FitDigits(ml, TestModels.SmallOptions(_detector));
            string modelPath = Path.Combine(directory, "model.zip"), results = Path.Combine(directory, "results.tsv");
            ml.Model.Save(model, train.Schema, modelPath);
            (model as IDisposable)?.Dispose();

            var (exitCode, stderr) = RunHost(modelPath, results, seed: DetectorRegistry.All.ToList().IndexOf(_detector) + 1);
            Assert.That(exitCode, Is.Zero, "the fuzz host must not crash: " + stderr);
            var rows = File.ReadAllLines(results).Skip(1).Select(line => line.Split('\t')).ToList();
            long limit = Budget + new FileInfo(modelPath).Length;
            var unexpected = rows.Where(r => r[4] != "loaded" && !r[4].StartsWith("FormatException:", StringComparison.Ordinal)).Select(r => string.Join(" ", r)).ToList();
            var costly = rows.Where(r => long.Parse(r[5], CultureInfo.InvariantCulture) > limit || long.Parse(r[6], CultureInfo.InvariantCulture) > limit).Select(r => string.Join(" ", r)).ToList();
            TestContext.Out.WriteLine($"{_detector.DisplayName}: {rows.Count(r => r[4] == "loaded")} loaded, {rows.Count(r => r[4].StartsWith("FormatException", StringComparison.Ordinal))} FormatException; " +
                $"largest managed allocation {rows.Max(r => long.Parse(r[5], CultureInfo.InvariantCulture))} B, largest peak RSS growth {rows.Max(r => long.Parse(r[6], CultureInfo.InvariantCulture))} B");
            Assert.Multiple(() =>
            {
                Assert.That(rows, Has.Count.EqualTo(Cases));
                Assert.That(unexpected, Is.Empty, "outcomes other than FormatException or a model with finite scores");
                Assert.That(costly, Is.Empty, $"loads that cost more than {limit} bytes");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Error) RunHost(string modelPath, string results, int seed)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "nae-model-fuzz.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{host}\" \"{modelPath}\" {Cases} {seed} \"{results}\"")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x20000000"; // 512 MiB: a runaway managed allocation fails the case, not the machine
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
