using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Plots;
using Nae.MLNet.Cli.Rendering;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// <c>nae-mlnet demo</c>: hold one digit out, train each detector with the same network and autoencoder budget,
/// print an AUROC table and the time taken, save the last model and a ROC / histogram plot.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The comparison the demo is about: the plain autoencoder against the Normalized Autoencoder.</summary>
    private static readonly string DefaultDetectors = $"{DetectorRegistry.Autoencoder.Name},{DetectorRegistry.NormalizedAutoencoder.Name}";

    public static int Run(CommandLine args)
    {
        int heldOut = args.GetInt("holdout", 1);
        int seed = args.GetInt("seed", 1);
        string output = Path.GetFullPath(args.Get("output", "nae-demo-output"));
        var detectors = DemoDetectors.Parse(args.Get("detectors", args.Get("detector", DefaultDetectors)));
        OptionOverrides.CheckNames(args.Settings);
        var data = LoadData(args.Get("dataset", "digits"), args.Get("mnist-dir", ""), heldOut);
        bool paperPresets = PaperPresets(args.Get("preset", "cpu"), data);
        Directory.CreateDirectory(output);

        Console.WriteLine($"{data.Name}, digit {heldOut} held out: {data.Train.Count} training rows, " +
                          $"{data.Test.Count} test rows ({data.Test.Count(r => r.Label > 0)} anomalies).");
        var results = new List<DemoResult>();
        foreach (var detector in detectors)
        {
            var result = RunOne(data, detector, new DemoSettings(seed, new ConsoleProgress(detector.DisplayName), args.Settings, paperPresets), output, saveModel: detector == detectors[^1]);
            results.Add(result);
            Console.WriteLine($"  {detector.DisplayName}: AUROC {result.Auroc:F3} in {result.Elapsed.TotalSeconds:F1} s");
        }

        ResultTable.Print(results, data, seed);
        var labels = data.Test.Select(r => r.Label).ToArray();
        string plot = Path.Combine(output, "roc-histogram.png");
        DetectorPlots.Write(plot, results.Select(r => (r.Name, r.Scores)).ToList(), labels, $"{data.Name}, digit {heldOut} held out");
        Console.WriteLine($"Wrote {Path.Combine(output, "model.zip")} ({detectors[^1].DisplayName}) and {plot}.");
        return 0;
    }

    private static DemoResult RunOne(HoldoutData data, DetectorInfo detector, DemoSettings settings, string output, bool saveModel)
    {
        var ml = new MLContext(settings.Seed);
        var train = data.Load(ml, data.Train);
        var test = data.Load(ml, data.Test);
        var clock = Stopwatch.StartNew();
        var pipeline = ml.Transforms.CopyColumns("Features", nameof(ImageRow.Pixels))
            .Append(DemoDetectors.Create(detector, ml, data, settings));
        var model = pipeline.Fit(train);
        var elapsed = clock.Elapsed;
        var scored = model.Transform(test);
        var metrics = ml.AnomalyDetection.Evaluate(scored, labelColumnName: nameof(ImageRow.Label));
        var scores = scored.GetColumn<float>("Score").ToArray();
        if (saveModel) ml.Model.Save(model, train.Schema, Path.Combine(output, "model.zip"));
        (model as IDisposable)?.Dispose();
        return new DemoResult(detector.DisplayName, metrics.AreaUnderRocCurve, elapsed, scores);
    }

    /// <summary>--preset cpu (the CPU presets) or paper (the authors' convolutional MNIST configurations).</summary>
    private static bool PaperPresets(string preset, HoldoutData data) => preset switch
    {
        "cpu" => false,
        "paper" when data.FeatureCount == 784 => true,
        "paper" => throw new CommandLineException("--preset paper needs --dataset mnist: the paper networks are convolutional for 28x28 images."),
        _ => throw new CommandLineException($"--preset must be 'cpu' or 'paper', but was '{preset}'."),
    };

    private static HoldoutData LoadData(string dataset, string mnistDirectory, int heldOut)
    {
        if (heldOut is < 0 or > 9) throw new CommandLineException($"--holdout must be a digit 0-9, but was {heldOut}.");
        return dataset switch
        {
            "digits" => HoldoutData.Digits(heldOut),
            "mnist" => HoldoutData.Mnist(
                mnistDirectory.Length > 0 ? mnistDirectory : HoldoutData.FindMnist()
                    ?? throw new CommandLineException("MNIST not found: pass --mnist-dir or set NAE_MNIST_DIR (folder with train-images-idx3-ubyte.gz)."),
                heldOut),
            _ => throw new CommandLineException($"--dataset must be 'digits' or 'mnist', but was '{dataset}'."),
        };
    }
}

/// <summary>One detector's outcome in the demo.</summary>
internal sealed record DemoResult(string Name, double Auroc, TimeSpan Elapsed, float[] Scores);
