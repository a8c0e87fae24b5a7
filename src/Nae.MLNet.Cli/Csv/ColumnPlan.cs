using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nae.MLNet.Cli.Csv;

/// <summary>What a CSV column is used for.</summary>
internal enum ColumnPurpose
{
    /// <summary>A number: a feature (missing values imputed with the training mean).</summary>
    Numeric,

    /// <summary>A few distinct strings (or yes/no values): one-hot features.</summary>
    Categorical,

    /// <summary>Marks anomalies (selection and evaluation only, never a feature).</summary>
    Label,

    /// <summary>Not a feature: an identifier, free text, a constant, an empty column or one the user named.</summary>
    Ignored,
}

/// <summary>One CSV column: its name and position, its purpose and why (shown in the column table).</summary>
internal sealed record ColumnInfo(string Name, int Index, ColumnPurpose Purpose, string Reason);

/// <summary>
/// How a CSV file is read and featurized: separator, header, decimal marker, every column's purpose, and the label's
/// anomaly value. Inferred by <see cref="ColumnInference"/>, printed before training, saved as <c>columns.json</c> (edit it
/// and pass <c>--columns</c> to repeat a run) and inside the model, so that <c>score</c> and <c>evaluate</c> check a new
/// file's columns against it. A trained model's plan also keeps the per-feature median of the training rows (after the
/// featurizer): <c>explain</c>'s baseline for a scalar energy.
/// </summary>
internal sealed record ColumnPlan(char Separator, bool HasHeader, char DecimalMarker, IReadOnlyList<ColumnInfo> Columns,
    string? LabelColumn, string? AnomalyValue, float[]? FeatureMedians = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The columns of one purpose, in file order.</summary>
    public IReadOnlyList<ColumnInfo> Of(ColumnPurpose purpose) => Columns.Where(c => c.Purpose == purpose).ToList();

    /// <summary>The column named <paramref name="name"/> (ordinal), or null.</summary>
    public ColumnInfo? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The plan as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    /// <exception cref="CliDataException">The text is not a valid plan (names <paramref name="source"/>).</exception>
    public static ColumnPlan FromJson(string json, string source)
    {
        ColumnPlan? plan;
        try { plan = JsonSerializer.Deserialize<ColumnPlan>(json, Json); }
        catch (JsonException e) { throw new CliDataException($"{source}: not a column plan ({e.Message.Split('\n')[0]})."); }
        if (plan?.Columns is null || plan.Columns.Count == 0) throw new CliDataException($"{source}: not a column plan (no columns).");
        var misplaced = plan.Columns.Select((c, i) => (Column: c, Position: i)).FirstOrDefault(p => p.Column.Index != p.Position);
        if (misplaced.Column is not null)
            throw new CliDataException($"{source}: column '{misplaced.Column.Name}' has index {misplaced.Column.Index} at position {misplaced.Position}; the indexes must be 0, 1, 2, … in file order.");
        return plan;
    }
}
