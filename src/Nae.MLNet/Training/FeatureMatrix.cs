namespace Nae.MLNet.Training;

/// <summary>Dense feature rows, row-major: <see cref="Values"/>[row × Columns + column].</summary>
internal sealed record FeatureMatrix(float[] Values, int Rows, int Columns)
{
    /// <summary>The value of largest magnitude and where it is (the first one, when several tie).</summary>
    public (float Value, int Row, int Column) Largest()
    {
        int best = 0;
        for (int i = 1; i < Values.Length; i++)
            if (Math.Abs(Values[i]) > Math.Abs(Values[best])) best = i;
        return Values.Length == 0 ? (0, 0, 0) : (Values[best], best / Columns, best % Columns);
    }
}
