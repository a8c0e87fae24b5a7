using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.AutoML;

/// <summary>
/// The experiment's rows, featurized once and held in memory: training rows (the normal ones when there are labels),
/// validation rows with their labels (or, without labels, held-out rows taken as normal and synthetic anomalies), and the
/// fitted featurizer that the selected model keeps in front of its detector.
/// </summary>
internal sealed class ExperimentData
{
    private ExperimentData(MLContext ml, ITransformer? featurizer, string column, float[][] train, float[][] validation, bool[]? labels,
        IReadOnlyDictionary<string, float[][]> synthetic)
    {
        Context = ml;
        Featurizer = featurizer;
        FeatureColumn = column;
        Train = train;
        Validation = validation;
        ValidationLabels = labels;
        Synthetic = synthetic;
    }

    public MLContext Context { get; }

    public ITransformer? Featurizer { get; }

    public string FeatureColumn { get; }

    public int FeatureCount => Train[0].Length;

    public float[][] Train { get; }

    public float[][] Validation { get; }

    /// <summary>True for anomalies; null without labels.</summary>
    public bool[]? ValidationLabels { get; }

    /// <summary>The validation rows taken as normal: the label-0 rows, or all of them without labels.</summary>
    public float[][] ValidationNormals => ValidationLabels is null ? Validation : Validation.Where((_, i) => !ValidationLabels[i]).ToArray();

    /// <summary>Synthetic anomalies by kind (label-free selection only; empty with labels).</summary>
    public IReadOnlyDictionary<string, float[][]> Synthetic { get; }

    public static ExperimentData Prepare(MLContext ml, IDataView train, IDataView validation, IEstimator<ITransformer>? featurizer,
        string featureColumn, string? labelColumn, int seed)
    {
        if (labelColumn is not null)
        {
            CheckLabel(train.Schema, labelColumn, "training");
            CheckLabel(validation.Schema, labelColumn, "validation");
            train = ml.Data.FilterRowsByColumn(AsSingleLabel(ml, train, labelColumn), LabelAsSingle, upperBound: 0.5); // normal rows only
        }
        var fitted = featurizer?.Fit(train);
        var trainRows = Features(fitted?.Transform(train) ?? train, featureColumn, "training");
        var validationView = fitted?.Transform(validation) ?? validation;
        var validationRows = Features(validationView, featureColumn, "validation");
        bool[]? labels = labelColumn is null ? null
            : AsSingleLabel(ml, validation, labelColumn).GetColumn<float>(LabelAsSingle).Select(l => l > 0.5f).ToArray();
        if (trainRows.Length < 2) throw new ArgumentException($"The training data has {trainRows.Length} normal rows; an experiment needs at least 2.", nameof(train));
        if (validationRows.Length == 0) throw new ArgumentException("The validation data has no rows.", nameof(validation));
        var normals = labels is null ? validationRows : validationRows.Where((_, i) => !labels[i]).ToArray();
        if (normals.Length == 0) throw new ArgumentException("The validation data has no normal rows to compare with.", nameof(validation));
        if (labels is not null && normals.Length == labels.Length)
            throw new ArgumentException($"The validation data has no anomalies (label column '{labelColumn}' is 0 on all {labels.Length} rows): labelled selection needs some.", nameof(validation));
        var synthetic = labels is null
            ? SyntheticAnomalies.Make(trainRows, normals, Math.Clamp(normals.Length, 50, 500), new Random(seed))
            : new Dictionary<string, float[][]>();
        return new ExperimentData(ml, fitted, featureColumn, trainRows, validationRows, labels, synthetic);
    }

    /// <summary>Rows as an IDataView with the feature column, of this experiment's size.</summary>
    public IDataView View(IReadOnlyList<float[]> rows)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        var column = schema[nameof(FeatureRow.Features)];
        column.ColumnName = FeatureColumn;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        return Context.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), schema);
    }

    private const string LabelAsSingle = "__NaeMLNetAutoMLLabel";

    private static IDataView AsSingleLabel(MLContext ml, IDataView data, string labelColumn) =>
        ml.Transforms.Conversion.ConvertType(LabelAsSingle, labelColumn, DataKind.Single).Fit(data).Transform(data);

    private static void CheckLabel(DataViewSchema schema, string labelColumn, string role)
    {
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"The {role} data has no label column '{labelColumn}'.", nameof(labelColumn));
        if (column.Type != NumberDataViewType.Single && column.Type != BooleanDataViewType.Instance && column.Type != NumberDataViewType.Int32)
            throw new ArgumentException($"Label column '{labelColumn}' is {column.Type}; expected Single (1 = anomaly), Boolean or Int32.", nameof(labelColumn));
    }

    private static float[][] Features(IDataView data, string column, string role)
    {
        var found = data.Schema.GetColumnOrNull(column)
            ?? throw new ArgumentException($"The {role} data has no feature column '{column}' (after the featurizer, if any).", nameof(data));
        if (found.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Feature column '{column}' is {found.Type}; expected a known-size vector of Single.", nameof(data));
        return data.GetColumn<float[]>(found).ToArray();
    }

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
