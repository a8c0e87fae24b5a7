using Microsoft.ML;
using Nae.MLNet.Scoring;

namespace Nae.MLNet.DataView;

/// <summary>What the scored view, its cursors and the row mapper need from a trained detector; with
/// <paramref name="Contributions"/> they also add the FeatureContributions column.</summary>
internal sealed record ScoringSettings(IBatchScorer Scorer, float Threshold, int BatchSize, bool Contributions = false)
{
    /// <summary>The input schema plus Score, PredictedLabel and, when asked for, FeatureContributions.</summary>
    public DataViewSchema OutputSchema(DataViewSchema input) => ScoreColumns.Append(input, Contributions ? Scorer.FeatureCount : 0);
}
