using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet;
using Nae.MLNet.ModelFuzz;

// nae-model-fuzz MODEL.zip CASES SEED OUTPUT.tsv
// Loads CASES damaged copies of MODEL.zip (single-byte flips, truncations and int32 overwrites of its detector stream),
// scores random rows with each one that loads, and writes one line per case: case, mutation, offset, value, outcome
// ("loaded", "loaded-nonfinite" or the exception's type and first line), managed bytes allocated, peak RSS growth.
if (args.Length != 4) { Console.Error.WriteLine("usage: nae-model-fuzz MODEL.zip CASES SEED OUTPUT.tsv"); return 2; }
string original = args[0], output = args[3];
int cases = int.Parse(args[1], CultureInfo.InvariantCulture), seed = int.Parse(args[2], CultureInfo.InvariantCulture);
var random = new Random(seed);
var content = ModelFiles.ReadDetectorStream(original);
var layout = ModelFiles.Locate(content);
string damaged = Path.Combine(Path.GetTempPath(), $"nae-fuzz-{Environment.ProcessId}.zip");
int[] interesting = { 0, -1, 1, int.MaxValue, int.MinValue, 1 << 24, 1 << 26, 1 << 28, int.MaxValue - 56, 255 };

// warm-up: libtorch and ML.NET initialise once, outside the measurements; the undamaged model must load and score
if (Outcome(original) is var first && first != "loaded") { Console.Error.WriteLine($"{original}: {first}"); return 1; }
using var results = new StreamWriter(output);
results.WriteLine("case\tmutation\toffset\tvalue\toutcome\tmanagedBytes\tpeakRssGrowth");
for (int i = 0; i < cases; i++)
{
    var bytes = (byte[])content.Clone();
    // half the offsets in the detector's header and network description, half anywhere in the stream
    int offset = random.Next(2) == 0 ? random.Next(layout.Magic, Math.Min(bytes.Length - 4, layout.Weights + 64)) : random.Next(0, bytes.Length - 4);
    string mutation;
    long value;
    switch (i % 3)
    {
        case 0:
            value = 1 << random.Next(8);
            bytes[offset] ^= (byte)value;
            mutation = "flip";
            break;
        case 1:
            value = offset;
            bytes = bytes[..offset];
            mutation = "truncate";
            break;
        default:
            value = random.Next(3) == 0 ? random.Next() : interesting[random.Next(interesting.Length)];
            BitConverter.GetBytes((int)value).CopyTo(bytes, offset);
            mutation = "int32";
            break;
    }
    ModelFiles.WriteWithDetectorStream(original, damaged, bytes);
    var (outcome, managed, peak) = Measure(() => Outcome(damaged));
    results.WriteLine(string.Join('\t', i, mutation, offset, value, outcome, managed, peak));
}
File.Delete(damaged);
return 0;

static string Outcome(string path)
{
    try
    {
        var ml = new MLContext(1);
        var model = ml.Model.LoadWithNaeMLNet(path, out _);
        var detector = model as EnergyAnomalyTransformer ?? ((TransformerChain<ITransformer>)model).LastTransformer as EnergyAnomalyTransformer
            ?? throw new InvalidDataException("the model has no detector");
        var random = new Random(2);
        var rows = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, detector.FeatureCount).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        var column = schema[nameof(Row.Features)];
        column.ColumnName = detector.FeatureColumnName;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, detector.FeatureCount);
        var scores = detector.Transform(ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }), schema)).GetColumn<float>("Score").ToArray();
        (model as IDisposable)?.Dispose();
        return scores.All(float.IsFinite) ? "loaded" : "loaded-nonfinite";
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        if (Environment.GetEnvironmentVariable("NAE_FUZZ_TRACE") == "1") Console.Error.WriteLine(e);
        return $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim().Replace('\t', ' ')}";
    }
}

static (string Outcome, long Managed, long PeakRssGrowth) Measure(Func<string> run)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long baseline = Rss("VmRSS");
    ResetPeakRss();
    long before = GC.GetTotalAllocatedBytes(precise: true);
    string outcome = run();
    long managed = GC.GetTotalAllocatedBytes(precise: true) - before;
    return (outcome, managed, Math.Max(0, Rss("VmHWM") - baseline));
}

// Linux: /proc/self/status in kB; writing 5 to clear_refs resets the peak (VmHWM) to the current RSS.
static long Rss(string field) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();

static void ResetPeakRss()
{
    try { File.WriteAllText("/proc/self/clear_refs", "5"); }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
}

/// <summary>One row of random features.</summary>
internal sealed class Row
{
    public float[] Features { get; set; } = Array.Empty<float>();
}
