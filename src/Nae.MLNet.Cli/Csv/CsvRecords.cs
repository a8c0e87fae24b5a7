using System.Text;

namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// A delimited text file split into records and fields (RFC 4180: quoted fields may hold the separator, doubled quotes
/// and line breaks), each record kept with its raw text so that subsets of rows can be handed to ML.NET's TextLoader
/// unchanged (<see cref="CsvRowSource"/>).
/// </summary>
internal sealed class CsvRecords
{
    private CsvRecords(string path, char separator, IReadOnlyList<string> raw)
    {
        Path = path;
        Separator = separator;
        Raw = raw;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <summary>Every record's text (without its line break), the header included when there is one.</summary>
    public IReadOnlyList<string> Raw { get; }

    /// <summary>Record <paramref name="index"/>'s fields, unquoted and trimmed (split on demand: a large file is kept as text).</summary>
    public string[] Fields(int index) => SplitFields(Raw[index], Separator);

    /// <summary>Whether a quoted field spans lines (the loader must then read multi-line records).</summary>
    public bool HasMultilineRecords => Raw.Any(r => r.Contains('\n') || r.Contains('\r'));

    /// <summary>Reads <paramref name="path"/>, split by <paramref name="separator"/> (null: detected, see <see cref="DetectSeparator"/>).</summary>
    /// <exception cref="CliDataException">The file is missing, empty or has an unterminated quote.</exception>
    public static CsvRecords Read(string path, char? separator = null)
    {
        if (!File.Exists(path)) throw new CliDataException($"{path}: no such file.");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new CliDataException($"{path}: cannot be read ({e.Message})."); }
        catch (UnauthorizedAccessException e) { throw new CliDataException($"{path}: cannot be read ({e.Message})."); }
        var raw = SplitRecords(text, path);
        if (raw.Count == 0) throw new CliDataException($"{path}: the file is empty.");
        char sep = separator ?? DetectSeparator(raw.Take(200).ToList());
        return new CsvRecords(path, sep, raw);
    }

    /// <summary>The separator among ',', ';', tab and '|' that splits the first records into the same number (more than
    /// one) of fields most consistently, preferring more fields; ',' when none splits anything.</summary>
    public static char DetectSeparator(IReadOnlyList<string> records)
    {
        char best = ',';
        double bestScore = 0;
        foreach (char candidate in new[] { ',', ';', '\t', '|' })
        {
            var counts = records.Select(r => SplitFields(r, candidate).Length).ToList();
            int mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
            if (mode < 2) continue;
            double consistency = counts.Count(c => c == mode) / (double)counts.Count;
            double score = consistency * 1000 + mode;
            if (score > bestScore) { bestScore = score; best = candidate; }
        }
        return best;
    }

    /// <summary>Splits one record into fields: quotes removed, doubled quotes kept as one, whitespace trimmed.</summary>
    public static string[] SplitFields(string record, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < record.Length; i++)
        {
            char c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return fields.ToArray();
    }

    /// <summary>A field as CSV text: quoted (quotes doubled) when it holds the separator, a quote or a line break.</summary>
    public static string Quote(string field, char separator = ',') =>
        field.Contains(separator) || field.Contains('"') || field.Contains('\n') || field.Contains('\r') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>Splits the text at line breaks outside quotes; blank lines are skipped.</summary>
    private static List<string> SplitRecords(string text, string path)
    {
        var records = new List<string>();
        int start = 0;
        bool quoted = false;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                char c = text[i];
                if (c == '"') quoted = !quoted;
                if (quoted || (c != '\n' && c != '\r')) continue;
            }
            else if (quoted)
                throw new CliDataException($"{path}: a quoted field that starts in record {records.Count + 1} is never closed.");
            string record = text[start..i];
            if (record.Trim().Length > 0) records.Add(record);
            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        return records;
    }
}
