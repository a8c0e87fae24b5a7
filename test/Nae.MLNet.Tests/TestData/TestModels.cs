using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Tests.TestData;

/// <summary>Small, fast detector configurations for tests.</summary>
public static class TestModels
{
    public static AutoencoderOptions SmallAutoencoder(int epochs = 8) => new()
    {
        LatentDimension = 8,
        HiddenLayerSizes = new[] { 32 },
        Epochs = epochs,
        BatchSize = 64,
        Seed = 1,
    };

    /// <summary>A small NAE: the small autoencoder phase, then a few short-chain updates.</summary>
    public static NormalizedAutoencoderOptions SmallNae(int epochs = 8, int iterations = 20) => new()
    {
        LatentDimension = 8,
        HiddenLayerSizes = new[] { 32 },
        Epochs = epochs,
        BatchSize = 64,
        Seed = 1,
        DecoderOutput = DecoderOutput.Sigmoid,
        NaeIterations = iterations,
        NaeLearningRate = 1e-4,
        ReportInterval = 10,
        LatentChainSteps = 3,
        InputChainSteps = 5,
        ReplayBufferSize = 500,
    };

    /// <summary>A small MPDR: the small autoencoder phase as the manifold, then a few short-chain updates.</summary>
    public static MpdrOptions SmallMpdr(MpdrEnergy energy, int epochs = 8, int iterations = 20) => new()
    {
        Energy = energy,
        LatentDimension = 8,
        HiddenLayerSizes = new[] { 32 },
        ScalarHiddenLayerSizes = new[] { 32, 16 },
        Epochs = epochs,
        BatchSize = 64,
        Seed = 1,
        DecoderOutput = DecoderOutput.Sigmoid,
        MpdrIterations = iterations,
        MpdrLearningRate = 1e-3,
        ReportInterval = 10,
        LatentChainSteps = 2,
        VisibleChainSteps = 3,
    };

    /// <summary>Every detector of the registry: the fixture source of the contract, save/load and stress tests.</summary>
    public static IEnumerable<DetectorInfo> Detectors => DetectorRegistry.All;

    /// <summary>The detectors that train with MCMC updates after the autoencoder phase.</summary>
    public static IEnumerable<DetectorInfo> EnergyBasedDetectors => DetectorRegistry.All.Where(d => d.OptionsType != typeof(AutoencoderOptions));

    /// <summary>Small options for a registry entry (by its options type, so a new detector fails here until it has some).</summary>
    public static EnergyDetectorOptions SmallOptions(DetectorInfo detector) => detector.CreateOptions() switch
    {
        NormalizedAutoencoderOptions => SmallNae(),
        MpdrOptions mpdr => SmallMpdr(mpdr.Energy),
        AutoencoderOptions => SmallAutoencoder(),
        var other => throw new ArgumentException($"No small test options for {detector.DisplayName} ({other.GetType().Name})."),
    };

    /// <summary>The demo's digits configuration: a preset with a smaller network and more epochs (the set is small).</summary>
    public static T ForDigits<T>(T options) where T : EnergyDetectorOptions
    {
        options.HiddenLayerSizes = new[] { 128, 64 };
        options.LatentDimension = 16;
        options.Epochs = 100;
        options.EarlyStoppingPatience = 10;
        options.Seed = 1;
        return options;
    }

    /// <summary>The detector's estimator for these options.</summary>
    public static IEstimator<EnergyAnomalyTransformer> Estimator(MLContext ml, EnergyDetectorOptions options) =>
        DetectorRegistry.For(options).CreateEstimator(ml, options);

    /// <summary>Featurize + detector, fitted on digits without <paramref name="heldOut"/>.</summary>
    public static (ITransformer Model, IDataView Train, IDataView Test) FitDigits(MLContext ml, EnergyDetectorOptions options, int heldOut = 1)
    {
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(heldOut));
        var test = ml.Data.LoadFromEnumerable(DigitsData.Test(heldOut));
        var model = DigitsData.Featurize(ml).Append(Estimator(ml, options)).Fit(train);
        return (model, train, test);
    }

    public static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();
}

/// <summary>ML.NET's internal SchemaShape.Create, for tests that call GetOutputSchema directly.</summary>
public static class Shapes
{
    public static SchemaShape Of(DataViewSchema schema) => (SchemaShape)typeof(SchemaShape)
        .GetMethod("Create", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)!
        .Invoke(null, new object[] { schema })!;
}
