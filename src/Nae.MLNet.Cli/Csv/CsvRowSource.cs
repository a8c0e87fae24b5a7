using System.Text;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Csv;

/// <summary>Some records of a CSV file (with its header, when it has one) as one in-memory stream for ML.NET's
/// TextLoader: how the train, validation and test splits are read by the same loader that the model keeps. With a
/// column map (<see cref="CsvValidation.Match"/>), each record is rewritten into the plan's column order, an absent
/// column left empty and extra columns dropped.</summary>
internal sealed class CsvRowSource(CsvRecords csv, bool hasHeader, IReadOnlyList<int> dataRows, IReadOnlyList<int?>? map = null) : IMultiStreamSource
{
    /// <summary>Every data record of <paramref name="csv"/>.</summary>
    public static CsvRowSource All(CsvRecords csv, bool hasHeader, IReadOnlyList<int?>? map = null) =>
        new(csv, hasHeader, Enumerable.Range(0, csv.Raw.Count - (hasHeader ? 1 : 0)).ToList(), map);

    public int Count => 1;

    public string? GetPathOrNull(int index) => null;

    public Stream Open(int index) => new MemoryStream(Encoding.UTF8.GetBytes(Text()), writable: false);

    public TextReader OpenTextReader(int index) => new StringReader(Text());

    private string Text()
    {
        var text = new StringBuilder();
        if (hasHeader) text.Append(Record(0)).Append('\n');
        int offset = hasHeader ? 1 : 0;
        foreach (int row in dataRows) text.Append(Record(row + offset)).Append('\n');
        return text.ToString();
    }

    private string Record(int index)
    {
        if (map is null || map.Select((field, i) => field == i).All(same => same) && csv.Fields(0).Length == map.Count) return csv.Raw[index];
        var fields = csv.Fields(index);
        return string.Join(csv.Separator, map.Select(field => CsvRecords.Quote(field is int f ? fields[f] : "", csv.Separator)));
    }
}
