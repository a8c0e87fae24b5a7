using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Plots;
using Nae.MLNet.Cli.Rendering;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// <c>nae-mlnet demo</c>: hold one digit out of the bundled 8×8 digits, train each detector with the same budget,
/// print an AUROC table and the time taken, save the last model and a ROC / histogram plot.
/// </summary>
internal static class DemoCommand
{
    public static int Run(CommandLine args)
    {
        int heldOut = args.GetInt("holdout", 1);
        int seed = args.GetInt("seed", 1);
        string output = Path.GetFullPath(args.Get("output", "nae-demo-output"));
        Directory.CreateDirectory(output);

        var data = DigitsHoldout.Load(heldOut);
        Console.WriteLine($"Digits hold-out {heldOut}: {data.Train.Count} training rows (digits ≠ {heldOut}), " +
                          $"{data.Test.Count} test rows ({data.Test.Count(r => r.Label > 0)} anomalies).");
        var results = new List<DemoResult>();
        ITransformer? lastModel = null;
        DataViewSchema? trainSchema = null;
        foreach (var detector in DemoDetectors.All(seed))
        {
            var ml = new MLContext(seed);
            var train = ml.Data.LoadFromEnumerable(data.Train);
            var test = ml.Data.LoadFromEnumerable(data.Test);
            var clock = Stopwatch.StartNew();
            var pipeline = ml.Transforms.CopyColumns("Features", nameof(DigitImage.Pixels))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(detector.Create(ml, new ConsoleProgress(detector.Name)));
            var model = pipeline.Fit(train);
            var scored = model.Transform(test);
            var metrics = ml.AnomalyDetection.Evaluate(scored, labelColumnName: nameof(DigitImage.Label));
            results.Add(new DemoResult(detector.Name, metrics.AreaUnderRocCurve, clock.Elapsed, scored.GetColumn<float>("Score").ToArray()));
            (lastModel as IDisposable)?.Dispose();
            lastModel = model;
            trainSchema = train.Schema;
            if (detector == DemoDetectors.All(seed)[^1])
                ml.Model.Save(model, trainSchema, Path.Combine(output, "model.zip"));
        }

        ResultTable.Print(results, heldOut);
        var labels = data.Test.Select(r => r.Label).ToArray();
        string plot = Path.Combine(output, "roc-histogram.png");
        DetectorPlots.Write(plot, results.Select(r => (r.Name, r.Scores)).ToList(), labels, $"digits, {heldOut} held out");
        Console.WriteLine($"Wrote {Path.Combine(output, "model.zip")} and {plot}.");
        return 0;
    }
}

/// <summary>One detector's outcome in the demo.</summary>
internal sealed record DemoResult(string Name, double Auroc, TimeSpan Elapsed, float[] Scores);

/// <summary>The detectors the demo compares, each with the same network and training budget.</summary>
internal sealed record DemoDetectors(string Name, Func<MLContext, IProgress<TrainingProgress>, IEstimator<ITransformer>> Create)
{
    public static IReadOnlyList<DemoDetectors> All(int seed) => Cache.GetOrAdd(seed, s => new[]
    {
        new DemoDetectors("Autoencoder", (ml, progress) => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions
        {
            LatentDimension = 16, HiddenLayerSizes = new[] { 64, 32 }, Epochs = 60, LearningRate = 1e-3,
            DecoderOutput = DecoderOutput.Sigmoid, SphericalLatent = true, Seed = s, Progress = progress,
        })),
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, DemoDetectors[]> Cache = new();
}
