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

    /// <summary>Featurize + autoencoder, fitted on digits without <paramref name="heldOut"/>.</summary>
    public static (ITransformer Model, IDataView Train, IDataView Test) FitDigits(MLContext ml, AutoencoderOptions options, int heldOut = 1)
    {
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(heldOut));
        var test = ml.Data.LoadFromEnumerable(DigitsData.Test(heldOut));
        var model = DigitsData.Featurize(ml).Append(ml.AnomalyDetection.Trainers.Autoencoder(options)).Fit(train);
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
