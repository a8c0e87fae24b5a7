using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// A model zip that reads raw CSV: ML.NET's zip of the loader and the model (<c>Model.Save(model, loader, path)</c>,
/// loadable from C# with <c>Model.LoadWithDataLoaderAndNaeMLNet(path, out loader)</c>), plus the <see cref="ColumnPlan"/> as an extra
/// entry that ML.NET ignores and <c>score</c> / <c>evaluate</c> check new files against. Written to a temporary file and
/// renamed, so a failure leaves no half-written model. Disposing it frees the model's networks.
/// </summary>
internal sealed record CsvModelFile(ITransformer Model, IDataLoader<IMultiStreamSource>? Loader, DataViewSchema? InputSchema, ColumnPlan? Plan) : IDisposable
{
    private const string PlanEntry = "NaeMLNet/columns.json";

    public static void Save(MLContext ml, ITransformer model, IDataLoader<IMultiStreamSource> loader, ColumnPlan plan, string path)
    {
        OutputFiles.Write(path, temporary =>
        {
            ml.Model.Save(model, loader, temporary);
            using var zip = ZipFile.Open(temporary, ZipArchiveMode.Update);
            using var writer = new StreamWriter(zip.CreateEntry(PlanEntry).Open());
            writer.Write(plan.ToJson());
        });
    }

    /// <summary>Loads a model zip: one written by <c>train</c> (with its loader and plan), or any ML.NET model saved with
    /// an input schema (then only <c>.idv</c> data can be scored).</summary>
    /// <exception cref="CliDataException">The file is missing or not a model.</exception>
    public static CsvModelFile Load(MLContext ml, string path)
    {
        if (!File.Exists(path)) throw new CliDataException($"{path}: no such model file.");
        ColumnPlan? plan = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(PlanEntry) is { } entry)
            {
                using var reader = new StreamReader(entry.Open());
                plan = ColumnPlan.FromJson(reader.ReadToEnd(), $"{path}:{PlanEntry}");
            }
        }
        catch (InvalidDataException) { throw new CliDataException($"{path} is not a model file (not a zip archive); pass a model.zip written by 'nae-mlnet train' or mlContext.Model.Save."); }
        try
        {
            if (plan is not null)
                return new CsvModelFile(ml.Model.LoadWithDataLoaderAndNaeMLNet(path, out IDataLoader<IMultiStreamSource> loader), loader, null, plan);
            return new CsvModelFile(ml.Model.LoadWithNaeMLNet(path, out DataViewSchema schema), null, schema, null);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or InvalidDataException or ArgumentException)
        {
            throw new CliDataException($"{path} is not a usable model ({ErrorText.OneLine(e)}).");
        }
    }

    /// <summary>Reads <paramref name="dataPath"/>: a CSV through the model's loader after checking its columns against the
    /// plan, or ML.NET binary rows (.idv) checked against the model's input schema.</summary>
    public CsvInput Read(MLContext ml, string dataPath, bool labelRequired)
    {
        if (!File.Exists(dataPath)) throw new CliDataException($"{dataPath}: no such file.");
        if (Path.GetExtension(dataPath).Equals(".idv", StringComparison.OrdinalIgnoreCase))
        {
            var binary = ml.Data.LoadFromBinary(dataPath);
            if (InputSchema is not null) CheckInputSchema(InputSchema, binary.Schema, dataPath);
            return new CsvInput(binary, null, null);
        }
        if (Plan is null || Loader is null)
            throw new CliDataException("This model was saved without a CSV loader (by C# code with an input schema): score ML.NET binary rows (.idv), or train it with 'nae-mlnet train' to read CSV.");
        var csv = CsvRecords.Read(dataPath, Plan.Separator);
        if (csv.Raw.Count <= (Plan.HasHeader ? 1 : 0)) throw new CliDataException($"{dataPath}: the file has no rows.");
        var map = CsvValidation.Match(csv, Plan, labelRequired);
        return new CsvInput(Loader.Load(CsvRowSource.All(csv, Plan.HasHeader, map)), csv, map);
    }

    /// <summary>Some data rows of a CSV read by <see cref="Read"/> (0 = the first data row), in the order given.</summary>
    public IDataView Rows(CsvInput input, IReadOnlyList<int> rows) =>
        Loader!.Load(new CsvRowSource(input.Csv ?? throw new InvalidOperationException("Not a CSV input."), Plan!.HasHeader, rows, input.Map));

    /// <summary>Frees the model's networks.</summary>
    public void Dispose() => (Model as IDisposable)?.Dispose();

    /// <summary>A column that the data and the model's saved input schema share must have the same type (checked before
    /// any transform runs, so that a mismatch is named here rather than deep inside ML.NET).</summary>
    private static void CheckInputSchema(DataViewSchema expected, DataViewSchema actual, string dataPath)
    {
        foreach (var column in expected)
            if (actual.GetColumnOrNull(column.Name) is { } found && !found.Type.Equals(column.Type))
                throw new CliDataException($"{dataPath}: column '{column.Name}' is {found.Type}, but the model takes {column.Type}.");
    }
}

/// <summary>Rows to score: the view, and for a CSV file its records and its column map (see <see cref="CsvValidation.Match"/>).</summary>
internal sealed record CsvInput(IDataView Data, CsvRecords? Csv, IReadOnlyList<int?>? Map);
