using Nae.MLNet.Scoring;

namespace Nae.MLNet.DataView;

/// <summary>What the scored view, its cursors and the row mapper need from a trained detector.</summary>
internal sealed record ScoringSettings(IBatchScorer Scorer, float Threshold, int BatchSize);
