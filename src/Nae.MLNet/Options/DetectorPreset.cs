namespace Nae.MLNet;

/// <summary>A named starting configuration of a detector's options (see <see cref="DetectorInfo.CreateOptions"/>).</summary>
public enum DetectorPreset
{
    /// <summary>The options class's defaults (<c>new NormalizedAutoencoderOptions()</c>): the authors' hyperparameters with an MLP.</summary>
    Default,

    /// <summary>The CPU preset (<c>Fast()</c>): the same algorithm scaled so that an MNIST-size run trains in minutes on 2 cores.</summary>
    Fast,

    /// <summary>The authors' MNIST configuration (<c>Paper()</c>): convolutional networks for 28×28 images, meant for a GPU.</summary>
    Paper,
}
