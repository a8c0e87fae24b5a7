namespace Nae.MLNet.Cli.Datasets;

/// <summary>One image as a flat row of pixel intensities, with its class and the anomaly label of a hold-out protocol.</summary>
public sealed class ImageRow
{
    /// <summary>Row index in its file.</summary>
    public int Id { get; set; }

    /// <summary>Pixel intensities, row-major; the vector size is set by the dataset's schema definition.</summary>
    public float[] Pixels { get; set; } = Array.Empty<float>();

    /// <summary>The class (digit 0-9).</summary>
    public int Digit { get; set; }

    /// <summary>1 = anomaly (the held-out class), 0 = normal.</summary>
    public float Label { get; set; }
}
