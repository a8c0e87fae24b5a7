using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Reports;

/// <summary>What a loaded or trained pipeline's last step (the detector or the ensemble) says about itself.</summary>
internal static class ModelFacts
{
    /// <summary>The pipeline's last transformer (the detector or ensemble; the featurizer comes before it).</summary>
    public static ITransformer Detector(ITransformer model) => model is TransformerChain<ITransformer> chain && chain.Any() ? Detector(chain.Last()) : model;

    /// <summary>PredictedLabel is true above this score, or null when the detector does not say.</summary>
    public static float? Threshold(ITransformer model) => Detector(model) switch
    {
        EnergyAnomalyTransformer energy => energy.Threshold,
        ScoreEnsembleTransformer ensemble => ensemble.Threshold,
        _ => null,
    };

    /// <summary>The detector's name, e.g. "NormalizedAutoencoder", "ensemble of NAE, MPDR-R", "RandomizedPca".</summary>
    public static string Describe(ITransformer model) => Detector(model) switch
    {
        EnergyAnomalyTransformer energy => energy.DetectorName,
        ScoreEnsembleTransformer ensemble => $"ensemble of {string.Join(", ", ensemble.MemberDetectors)}",
        AnomalyPredictionTransformer<Microsoft.ML.Trainers.PcaModelParameters> => "RandomizedPca",
        var other => other.GetType().Name,
    };

    /// <summary>The pipeline with its last step replaced.</summary>
    public static ITransformer WithDetector(ITransformer model, ITransformer detector) => model is TransformerChain<ITransformer> chain && chain.Any()
        ? new TransformerChain<ITransformer>(chain.Take(chain.Count() - 1).Append(WithDetector(chain.Last(), detector)).ToArray())
        : detector;

    /// <summary>Releases the detector that <see cref="WithDetector"/> put into <paramref name="derived"/> (the rest of the
    /// pipeline belongs to <paramref name="original"/>, which its owner disposes).</summary>
    public static void DisposeDerived(ITransformer derived, ITransformer original)
    {
        if (!ReferenceEquals(derived, original)) (Detector(derived) as IDisposable)?.Dispose();
    }

    /// <summary>The Score column (and the labels, when <paramref name="labelColumn"/> is given) of <paramref name="scored"/>.</summary>
    public static (float[] Scores, bool[]? Labels) Read(IDataView scored, string? labelColumn)
    {
        var scores = scored.GetColumn<float>("Score").ToArray();
        var labels = labelColumn is null ? null : scored.GetColumn<float>(labelColumn).Select(l => l > 0.5f).ToArray();
        return (scores, labels);
    }
}
