using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Scoring;

namespace Nae.MLNet.DataView;

/// <summary>What the scored view, its cursors and the row mapper need from a trained detector; with an
/// <paramref name="Attribution"/> they also add the FeatureContributions column.</summary>
internal sealed record ScoringSettings(IBatchScorer Scorer, float Threshold, int BatchSize, FeatureAttribution? Attribution = null)
{
    /// <summary>Whether the FeatureContributions column is added.</summary>
    public bool Contributions => Attribution is not null;

    /// <summary>The input schema plus Score, PredictedLabel and, when asked for, FeatureContributions.</summary>
    public DataViewSchema OutputSchema(DataViewSchema input) => ScoreColumns.Append(input, Contributions ? Scorer.FeatureCount : 0);

    /// <summary>A transformer's GetOutputSchema: the feature column checked, then <see cref="OutputSchema"/>.</summary>
    public DataViewSchema CheckedOutputSchema(DataViewSchema input, string featureColumn)
    {
        FeatureColumnSchema.Check(input, featureColumn, Scorer.FeatureCount);
        return OutputSchema(input);
    }

    /// <summary>A transformer's Transform: the feature column checked, then a lazily scored view.</summary>
    public IDataView ScoredView(IDataView input, string featureColumn) =>
        new ScoredDataView(input, this, FeatureColumnSchema.Check(input.Schema, featureColumn, Scorer.FeatureCount).Column);

    /// <summary>A transformer's GetRowToRowMapper: the feature column checked, then a row mapper scoring batches of one.</summary>
    public IRowToRowMapper RowMapper(DataViewSchema input, string featureColumn) =>
        new ScoringRowMapper(input, this, FeatureColumnSchema.Check(input, featureColumn, Scorer.FeatureCount).Column);
}
