using System.Globalization;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// The CPU presets adapted to small data sets (a few thousand rows of tens of features: the bundled 8×8 digits, the
/// tabular benchmark): an MLP 128-64, more autoencoder epochs with more patience (the sets are ~50× smaller than
/// MNIST), and 600 energy updates, MPDR's at a rate of 1e-3 with a 256-256 scalar network, without weight averaging (the
/// small-data figures were measured without it, as the tabular presets' were). Written as "--set" overrides
/// with canonical option names, so that each applies to every detector that has the option and to no other.
/// </summary>
internal static class SmallDataSettings
{
    /// <summary>The overrides, in the order they apply.</summary>
    /// <param name="latentDimension">The latent size (the demo's digits: 16; tabular sets: d/2 within [2, 16]).</param>
    /// <param name="epochs">Autoencoder epochs (patience 10).</param>
    /// <param name="updates">NAE and MPDR updates.</param>
    /// <param name="scalarHiddenLayerSizes">MPDR-S hidden widths.</param>
    public static IReadOnlyList<string> For(int latentDimension, int epochs = 100, int updates = 600, string scalarHiddenLayerSizes = "256,256") =>
        new[]
        {
            "HiddenLayerSizes=128,64",
            Invariant($"LatentDimension={latentDimension}"),
            Invariant($"Epochs={epochs}"),
            "EarlyStoppingPatience=10",
            Invariant($"NaeIterations={updates}"),
            Invariant($"MpdrIterations={updates}"),
            "MpdrLearningRate=0.001",
            $"ScalarHiddenLayerSizes={scalarHiddenLayerSizes}",
            "WeightAveragingFraction=0",
        };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
