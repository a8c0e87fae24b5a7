namespace Nae.MLNet.Training;

/// <summary>Dense feature rows, row-major: <see cref="Values"/>[row × Columns + column].</summary>
internal sealed record FeatureMatrix(float[] Values, int Rows, int Columns);
