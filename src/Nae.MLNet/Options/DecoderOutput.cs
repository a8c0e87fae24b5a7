namespace Nae.MLNet;

/// <summary>The activation applied to the decoder's output layer.</summary>
public enum DecoderOutput
{
    /// <summary>No activation: reconstructions can take any real value. Suits standardized features.</summary>
    Linear,

    /// <summary>A sigmoid: reconstructions lie in (0, 1). Suits min-max normalized features and pixel intensities.</summary>
    Sigmoid,
}
