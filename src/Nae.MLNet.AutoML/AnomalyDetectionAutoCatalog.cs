using Microsoft.ML;

namespace Nae.MLNet.AutoML;

/// <summary>
/// AutoML-style experiments for anomaly detection (<c>mlContext.AnomalyDetection.Auto()</c>): the detectors to sweep
/// and the experiment. ML.NET's own AutoML has no anomaly detection; the vocabulary follows it.
/// </summary>
public sealed class AnomalyDetectionAutoCatalog
{
    private readonly AnomalyDetectionCatalog _catalog;

    internal AnomalyDetectionAutoCatalog(AnomalyDetectionCatalog catalog) => _catalog = catalog;

    /// <summary>The detectors an experiment sweeps by default: every registry detector with its default search space
    /// (MPDR-S only on request: the slowest, and the weakest on the tabular sets with its tabular preset, mean AUROC .772
    /// over seeds 1-3, worst seed .764, against .818-.822 for the others), and ML.NET's RandomizedPca.</summary>
    /// <param name="names">Registry names to sweep instead of the default (e.g. "nae", "mpdr-r"); "RandomizedPca" adds PCA.</param>
    /// <param name="includeRandomizedPca">Whether the default adds RandomizedPca.</param>
    /// <exception cref="ArgumentException">A name is no detector's.</exception>
    public IReadOnlyList<SweepableDetector> Detectors(IEnumerable<string>? names = null, bool includeRandomizedPca = true)
    {
        if (names is not null)
        {
            var list = names.ToList();
            return list.Select(n => string.Equals(n, "RandomizedPca", StringComparison.OrdinalIgnoreCase) || string.Equals(n, "pca", StringComparison.OrdinalIgnoreCase)
                ? SweepableDetector.RandomizedPca()
                : SweepableDetector.For(DetectorRegistry.Get(n))).ToList();
        }
        var detectors = DetectorRegistry.All.Where(d => d != DetectorRegistry.MpdrScalar).Select(d => SweepableDetector.For(d)).ToList();
        if (includeRandomizedPca) detectors.Add(SweepableDetector.RandomizedPca());
        return detectors;
    }

    /// <summary>A new experiment over <see cref="Detectors"/>; <paramref name="seed"/> seeds the split, the tuner and every trial.</summary>
    public AnomalyExperiment CreateExperiment(int seed = 1) => new(_catalog, seed, Detectors());
}

/// <summary>The entry point: <c>mlContext.AnomalyDetection.Auto()</c>.</summary>
public static class AnomalyDetectionAutoCatalogExtensions
{
    /// <summary>AutoML-style experiments over this library's detectors (and RandomizedPca, and any estimator you add).</summary>
    public static AnomalyDetectionAutoCatalog Auto(this AnomalyDetectionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AnomalyDetectionAutoCatalog(catalog);
    }
}
