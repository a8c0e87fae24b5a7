using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>
/// The results of a suite's finished sections, kept in <c>SUITE.jsonl</c> (one line per section, appended and flushed
/// when the section ends), so that an interrupted run resumes where it stopped. A torn last line (the process was
/// killed while writing) is ignored and that section runs again. <see cref="WriteCsv"/> flattens everything.
/// </summary>
public sealed class ResultStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Dictionary<string, IReadOnlyList<BenchmarkRecord>> _sections = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    /// <summary>Opens (or, with <paramref name="fresh"/>, clears) the store of <paramref name="suite"/> in <paramref name="directory"/>.</summary>
    public ResultStore(string directory, string suite, bool fresh)
    {
        System.IO.Directory.CreateDirectory(directory);
        Directory = directory;
        Suite = suite;
        if (fresh && File.Exists(JournalPath)) File.Delete(JournalPath);
        if (!File.Exists(JournalPath)) return;
        foreach (var line in File.ReadLines(JournalPath))
        {
            SectionLine? entry;
            try { entry = JsonSerializer.Deserialize<SectionLine>(line, Json); }
            catch (JsonException) { continue; }
            if (entry?.Section is { } section && entry.Records is { } records) Remember(section, records);
        }
    }

    /// <summary>Where the results go.</summary>
    public string Directory { get; }

    /// <summary>The suite's name, the stem of its files.</summary>
    public string Suite { get; }

    /// <summary>The journal of finished sections.</summary>
    public string JournalPath => Path.Combine(Directory, Suite + ".jsonl");

    /// <summary>True when <paramref name="section"/> finished in this or an earlier run.</summary>
    public bool IsDone(string section) => _sections.ContainsKey(section);

    /// <summary>The records of <paramref name="section"/> (empty when it has not run).</summary>
    public IReadOnlyList<BenchmarkRecord> Get(string section) => _sections.GetValueOrDefault(section) ?? Array.Empty<BenchmarkRecord>();

    /// <summary>Every record, in the order the sections finished.</summary>
    public IReadOnlyList<BenchmarkRecord> All => _order.SelectMany(s => _sections[s]).ToList();

    /// <summary>Records a finished section and appends it to the journal at once.</summary>
    public void Add(string section, IReadOnlyList<BenchmarkRecord> records)
    {
        string line = JsonSerializer.Serialize(new SectionLine(section, records.ToList()), Json);
        using (var writer = new StreamWriter(JournalPath, append: true, new UTF8Encoding(false)))
        {
            writer.WriteLine(line);
            writer.Flush();
        }
        Remember(section, records);
    }

    /// <summary>Writes <c>SUITE.csv</c> (data_set, method, seed, measure, value, unit) through a temporary file, so a reader never sees half a file.</summary>
    public string WriteCsv()
    {
        string path = Path.Combine(Directory, Suite + ".csv");
        var text = new StringBuilder("data_set,method,seed,measure,value,unit\n");
        foreach (var r in All)
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{Quote(r.DataSet)},{Quote(r.Method)},{r.Seed},{Quote(r.Measure)},{r.Value:R},{Quote(r.Unit)}\n"));
        WriteAtomically(path, text.ToString());
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private void Remember(string section, IReadOnlyList<BenchmarkRecord> records)
    {
        if (!_sections.ContainsKey(section)) _order.Add(section);
        _sections[section] = records;
    }

    private static string Quote(string value) => value.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private sealed record SectionLine(string Section, List<BenchmarkRecord> Records);
}
