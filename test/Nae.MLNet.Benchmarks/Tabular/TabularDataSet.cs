using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Nae.MLNet.Benchmarks.Tabular;

/// <summary>A tabular anomaly data set on disk: CSV (or .csv.gz) with header <c>f0..f{d-1},label</c>, label 1 = anomaly.</summary>
public sealed partial record TabularDataSet(string Name, string Path)
{
    /// <summary>Every ADBench "Classical" set in <c>adbench-classical/csv</c> (in ADBench's numbering) and the ODDS sets
    /// that differ from them (<c>odds-pyod/csv</c>, named "ODDS name").</summary>
    public static IReadOnlyList<TabularDataSet> Discover(string datasetsRoot)
    {
        var adbench = Files(System.IO.Path.Combine(datasetsRoot, "adbench-classical", "csv"))
            .OrderBy(f => LeadingNumber(f.Name)).ThenBy(f => f.Name, StringComparer.Ordinal);
        var odds = Files(System.IO.Path.Combine(datasetsRoot, "odds-pyod", "csv"))
            .Select(f => f with { Name = "ODDS " + f.Name }).OrderBy(f => f.Name, StringComparer.Ordinal);
        return adbench.Concat(odds).ToList();
    }

    /// <summary>The small sets bundled with the harness (Data/tabular) for the quick smoke run.</summary>
    public static IReadOnlyList<TabularDataSet> Bundled() =>
        Files(System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "tabular")).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

    /// <summary>Reads every row; throws <see cref="InvalidDataException"/> naming the file and line of a malformed row.</summary>
    public TabularData Load()
    {
        using var file = File.OpenRead(Path);
        using Stream stream = Path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{Path}: the file is empty.");
        var columns = header.Split(',');
        if (columns.Length < 2 || columns[^1] != "label")
            throw new InvalidDataException($"{Path}: expected a header 'f0,...,f{{d-1}},label', but got '{Truncate(header)}'.");
        int features = columns.Length - 1;
        var rows = new List<double[]>();
        var labels = new List<int>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            var cells = line.Split(',');
            if (cells.Length != features + 1)
                throw new InvalidDataException($"{Path}, line {lineNumber}: expected {features + 1} values, but got {cells.Length}.");
            var row = new double[features];
            for (int j = 0; j < features; j++)
                if (!double.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]) || !double.IsFinite(row[j]))
                    throw new InvalidDataException($"{Path}, line {lineNumber}, column f{j}: '{Truncate(cells[j])}' is not a finite number.");
            labels.Add(cells[^1] switch
            {
                "0" => 0,
                "1" => 1,
                var other => throw new InvalidDataException($"{Path}, line {lineNumber}: label must be 0 or 1, but was '{Truncate(other)}'."),
            });
            rows.Add(row);
        }
        return new TabularData(Name, rows.ToArray(), labels.ToArray());
    }

    private static IEnumerable<TabularDataSet> Files(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".csv.gz", StringComparison.Ordinal))
            .Select(f => new TabularDataSet(System.IO.Path.GetFileName(f).Replace(".csv.gz", "").Replace(".csv", ""), f))
        : Enumerable.Empty<TabularDataSet>();

    private static int LeadingNumber(string name) => LeadingDigits().Match(name) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : int.MaxValue;

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    [GeneratedRegex(@"^\d+")]
    private static partial Regex LeadingDigits();
}

/// <summary>A loaded data set: rows of features and their labels (1 = anomaly).</summary>
public sealed record TabularData(string Name, double[][] Rows, int[] Labels)
{
    /// <summary>Number of features per row.</summary>
    public int Features => Rows.Length == 0 ? 0 : Rows[0].Length;

    /// <summary>Number of anomalies.</summary>
    public int Anomalies => Labels.Count(l => l == 1);
}
