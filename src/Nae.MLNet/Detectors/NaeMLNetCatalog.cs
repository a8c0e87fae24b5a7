using Microsoft.ML;

namespace Nae.MLNet;

/// <summary>Entry points: the detectors on <c>mlContext.AnomalyDetection.Trainers</c>, and loader registration.</summary>
/// <remarks>Each detector declares its two entry points (full options, and a short overload with the column and the seed)
/// beside its trainer; <see cref="DetectorRegistry"/> lists them all.</remarks>
public static partial class NaeMLNetCatalog
{
    /// <summary>
    /// Registers this library's model loader with <paramref name="mlContext"/>, so that <c>mlContext.Model.Load</c>
    /// can restore Nae.MLNet detectors. Call it once on any MLContext that loads a model without having created a
    /// detector first; calling it again does nothing.
    /// </summary>
    /// <param name="mlContext">The context that will load models.</param>
    /// <returns>The same context, for chaining.</returns>
    public static MLContext RegisterNaeMLNet(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        EnergyAnomalyTransformer.RegisterLoader(mlContext);
        return mlContext;
    }
}
