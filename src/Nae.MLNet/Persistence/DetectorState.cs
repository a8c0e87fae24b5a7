namespace Nae.MLNet.Persistence;

/// <summary>Everything a trained detector carries besides its network weights.</summary>
/// <param name="DetectorName">Which detector trained the model (for example "Autoencoder").</param>
/// <param name="FeatureColumnName">The input column scored.</param>
/// <param name="BatchSize">Rows per scoring batch.</param>
/// <param name="Threshold">Scores strictly above it are flagged by PredictedLabel.</param>
/// <param name="CalibrationScores">Sorted scores of the held-out normal rows the threshold was calibrated on.</param>
/// <param name="History">One entry per training epoch.</param>
/// <param name="Device">The torch device the model was trained on ("cpu", "cuda", ...).</param>
internal sealed record DetectorState(
    string DetectorName,
    string FeatureColumnName,
    int BatchSize,
    float Threshold,
    float[] CalibrationScores,
    IReadOnlyList<TrainingProgress> History,
    string Device);
