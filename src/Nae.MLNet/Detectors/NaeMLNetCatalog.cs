using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Persistence;

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

    /// <summary>
    /// <c>mlContext.Model.Load</c> for models that hold Nae.MLNet detectors: registers this library's loader first (no
    /// <see cref="RegisterNaeMLNet"/> call needed), and reports a damaged detector as the exception that names the problem
    /// (ML.NET's Load wraps it in one <see cref="System.Reflection.TargetInvocationException"/> per pipeline level).
    /// </summary>
    /// <param name="catalog"><c>mlContext.Model</c>.</param>
    /// <param name="filePath">A zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="FormatException">The file is not a valid model; for a detector, the message names the entry and the field.</exception>
    public static ITransformer LoadWithNaeMLNet(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        EnergyAnomalyTransformer.RegisterLoader(MlNetModelBridge.EnvironmentOf(catalog));
        try { return catalog.Load(filePath, out inputSchema); }
        catch (Exception e) when (ModelLoadErrors.Unwrap(e) is { } cause && cause != e) { throw ModelLoadErrors.Rethrow(cause); }
    }

    /// <inheritdoc cref="LoadWithNaeMLNet(ModelOperationsCatalog, string, out DataViewSchema)"/>
    /// <param name="catalog"><c>mlContext.Model</c>.</param>
    /// <param name="stream">A readable, seekable stream of a zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    public static ITransformer LoadWithNaeMLNet(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        EnergyAnomalyTransformer.RegisterLoader(MlNetModelBridge.EnvironmentOf(catalog));
        try { return catalog.Load(stream, out inputSchema); }
        catch (Exception e) when (ModelLoadErrors.Unwrap(e) is { } cause && cause != e) { throw ModelLoadErrors.Rethrow(cause); }
    }

    /// <summary>
    /// <c>mlContext.Model.LoadWithDataLoader</c> for models that hold Nae.MLNet detectors (saved with
    /// <c>mlContext.Model.Save(model, loader, path)</c>, e.g. by <c>nae-mlnet train</c>, whose loader reads raw CSV): registers
    /// this library's loader first and reports a damaged detector as the exception that names the problem.
    /// </summary>
    /// <param name="catalog"><c>mlContext.Model</c>.</param>
    /// <param name="filePath">A zip written by <c>mlContext.Model.Save</c> with a data loader.</param>
    /// <param name="loader">The data loader saved with the model.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="FormatException">The file is not a valid model; for a detector, the message names the entry and the field.</exception>
    public static ITransformer LoadWithDataLoaderAndNaeMLNet(this ModelOperationsCatalog catalog, string filePath, out IDataLoader<IMultiStreamSource> loader)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        EnergyAnomalyTransformer.RegisterLoader(MlNetModelBridge.EnvironmentOf(catalog));
        try { return catalog.LoadWithDataLoader(filePath, out loader); }
        catch (Exception e) when (ModelLoadErrors.Unwrap(e) is { } cause && cause != e) { throw ModelLoadErrors.Rethrow(cause); }
    }
}
