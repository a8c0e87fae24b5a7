using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.DataView;

/// <summary>
/// The two columns every detector adds: <c>Score</c> (Single, higher = more anomalous) and <c>PredictedLabel</c>
/// (Boolean, Score &gt; threshold), with the annotations ML.NET's anomaly evaluator reads. They are appended after the
/// input columns, so input column indices are unchanged; an input column of the same name becomes hidden.
/// </summary>
internal static class ScoreColumns
{
    public const string Score = "Score";
    public const string PredictedLabel = "PredictedLabel";
    public const string FeatureContributions = "FeatureContributions";

    public static DataViewSchema Append(DataViewSchema input, int contributionsSize = 0)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(Score, NumberDataViewType.Single, ScoreAnnotations());
        builder.AddColumn(PredictedLabel, BooleanDataViewType.Instance);
        if (contributionsSize > 0) builder.AddColumn(FeatureContributions, new VectorDataViewType(NumberDataViewType.Single, contributionsSize));
        return builder.ToSchema();
    }

    /// <summary>The output shape for <c>GetOutputSchema(SchemaShape)</c>. <c>SchemaShape.Column</c> has no public
    /// constructor, so the shape comes from a never-fitted CustomMapping that declares the same two columns.</summary>
    public static SchemaShape Append(SchemaShape input) => ShapeProbe.Value.GetOutputSchema(input);

    private static readonly Lazy<IEstimator<ITransformer>> ShapeProbe = new(() =>
        new MLContext().Transforms.CustomMapping<EmptyRow, ScoreRow>((_, _) => { }, contractName: null,
            outputSchemaDefinition: SchemaDefinition.Create(typeof(ScoreRow))));

    private static DataViewSchema.Annotations ScoreAnnotations()
    {
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("ScoreColumnKind", TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = "AnomalyDetection".AsMemory());
        annotations.Add("ScoreValueKind", TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = "Score".AsMemory());
        return annotations.ToAnnotations();
    }

    private sealed class EmptyRow { }

    private sealed class ScoreRow
    {
#pragma warning disable CS0649 // never written: only the shape is used.
        public float Score;
        public bool PredictedLabel;
#pragma warning restore CS0649
    }
}
