namespace Nae.MLNet.Benchmarks.Holdout;

/// <summary>What the holdout suite runs: which data set and digits, which detectors, and option overrides on top of the presets.</summary>
public sealed record HoldoutSettings(string DataSet, IReadOnlyList<int> Digits, IReadOnlyList<string> Detectors, IReadOnlyList<string> Overrides)
{
    /// <summary>Every detector of the registry (display names, which key the journal), in the order of the tables.</summary>
    public static readonly string[] AllDetectors = DetectorRegistry.All.Select(d => d.DisplayName).ToArray();

    /// <summary>MNIST, every digit, the presets as they are.</summary>
    public static HoldoutSettings Full => new("mnist", Enumerable.Range(0, 10).ToArray(), AllDetectors, Array.Empty<string>());

    /// <summary>The bundled 8×8 digits, two digits, a few epochs and updates: a smoke test of the whole path.</summary>
    public static HoldoutSettings Quick => new("digits", new[] { 1, 7 }, AllDetectors, new[]
    {
        "Epochs=2", "NaeIterations=10", "MpdrIterations=10", "ScalarHiddenLayerSizes=32,32", "ReportInterval=5",
    });
}
