using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// The ML.NET side of a <see cref="ColumnPlan"/>: the TextLoader that reads the file (numbers as Single, every other
/// column as text, so that identifiers pass through to the output) and the featurizer the detectors expect: missing
/// numbers replaced by the training mean, categorical columns one-hot (an unseen or missing level is all zeros), all
/// concatenated into <see cref="FeatureColumn"/> and scaled to [0, 1] on the training rows (the presets' sigmoid
/// decoders and [0, 1] chains assume it).
/// </summary>
internal static class CsvPipeline
{
    /// <summary>The feature vector's column name.</summary>
    public const string FeatureColumn = "Features";

    /// <summary>The label as Single (1 = anomaly), added for selection and evaluation.</summary>
    public const string LabelColumn = "NaeLabel";

    public static TextLoader Loader(MLContext ml, ColumnPlan plan, bool multiline) => ml.Data.CreateTextLoader(new TextLoader.Options
    {
        Separators = new[] { plan.Separator },
        HasHeader = plan.HasHeader,
        AllowQuoting = true,
        TrimWhitespace = true,
        ReadMultilines = multiline,
        DecimalMarker = plan.DecimalMarker,
        MissingRealsAsNaNs = true,
        Columns = plan.Columns.Select(c => new TextLoader.Column(c.Name, c.Purpose == ColumnPurpose.Numeric ? DataKind.Single : DataKind.String, c.Index)).ToArray(),
    });

    public static IEstimator<ITransformer> Featurizer(MLContext ml, ColumnPlan plan)
    {
        var numeric = plan.Of(ColumnPurpose.Numeric).Select(c => new InputOutputColumnPair(c.Name, c.Name)).ToArray();
        var categorical = plan.Of(ColumnPurpose.Categorical).Select(c => new InputOutputColumnPair(c.Name, c.Name)).ToArray();
        var features = plan.Columns.Where(c => c.Purpose is ColumnPurpose.Numeric or ColumnPurpose.Categorical).Select(c => c.Name).ToArray();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (numeric.Length > 0) pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
        if (categorical.Length > 0) pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(categorical));
        return pipeline.Append(ml.Transforms.Concatenate(FeatureColumn, features))
            .Append(ml.Transforms.NormalizeMinMax(FeatureColumn, fixZero: false));
    }

    /// <summary>Adds <see cref="LabelColumn"/>: 1 where the label column holds <see cref="ColumnPlan.AnomalyValue"/>, else 0.</summary>
    public static IDataView WithLabel(MLContext ml, IDataView data, ColumnPlan plan, string anomalyValue)
    {
        var labels = data.GetColumn<ReadOnlyMemory<char>>(plan.LabelColumn!).Select(v => v.ToString()).Distinct().ToList();
        if (!labels.Contains(anomalyValue)) labels.Add(anomalyValue);
        var map = labels.Select(v => new KeyValuePair<string, float>(v, v == anomalyValue ? 1f : 0f));
        return ml.Transforms.Conversion.MapValue(LabelColumn, map, plan.LabelColumn!).Fit(data).Transform(data);
    }
}
