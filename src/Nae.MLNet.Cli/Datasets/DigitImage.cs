using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Datasets;

/// <summary>One 8×8 digit: 64 pixel intensities 0-16, the digit, and the anomaly label of a hold-out protocol.</summary>
public sealed class DigitImage
{
    /// <summary>Row index in the file.</summary>
    public int Id { get; set; }

    /// <summary>Pixel intensities, row-major.</summary>
    [VectorType(64)]
    public float[] Pixels { get; set; } = Array.Empty<float>();

    /// <summary>The digit 0-9.</summary>
    public int Digit { get; set; }

    /// <summary>1 = anomaly (the held-out digit), 0 = normal.</summary>
    public float Label { get; set; }
}
