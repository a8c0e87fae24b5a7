using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Cli.Datasets;
using Nae.MLNet.Cli.Reports;
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

    private static readonly Option<int> HoldOut = new("--holdout") { Description = "The digit treated as the anomaly (0-9).", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "nae-demo-output" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of every detector.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Detectors = new("--detectors", "--detector")
    {
        Description = $"Comma-separated registry names ({string.Join(", ", DetectorRegistry.All.Select(d => d.Name))}); the last one's model is saved.",
        DefaultValueFactory = _ => DefaultDetectors,
    };
    private static readonly Option<string> Dataset = new Option<string>("--dataset") { Description = "digits (bundled 8x8) or mnist.", DefaultValueFactory = _ => "digits" }
        .AcceptOnlyFromAmong("digits", "mnist");
    private static readonly Option<string> MnistDirectory = new("--mnist-dir") { Description = "Folder with the MNIST IDX files (default: $NAE_MNIST_DIR or shared/datasets/mnist above the working directory)." };
    private static readonly Option<string> Preset = new Option<string>("--preset") { Description = "cpu: the CPU presets; paper: the authors' convolutional MNIST configurations (for a GPU).", DefaultValueFactory = _ => "cpu" }
        .AcceptOnlyFromAmong("cpu", "paper");
    private static readonly Option<string[]> Settings = new("--set") { Description = "Name=Value: sets an option on every detector that has it (repeatable).", HelpName = "Name=Value" };

    public static Command Create()
    {
        var command = new Command("demo", "Hold one digit out, train the detectors with the same budget, print an AUROC table, write the model zip and a ROC / score-histogram plot.")
        {
            HoldOut, Output, Seed, Detectors, Dataset, MnistDirectory, Preset, Settings,
        };
        command.SetAction(parsed => Run(parsed));
        return command;
    }

    private static int Run(ParseResult args)
    {
        int heldOut = args.GetValue(HoldOut);
        int seed = args.GetValue(Seed);
        string output = Path.GetFullPath(args.GetValue(Output)!);
        var detectors = DemoDetectors.Parse(args.GetValue(Detectors)!);
        var settings = args.GetValue(Settings) ?? Array.Empty<string>();
        OptionOverrides.CheckNames(settings);
        var data = LoadData(args.GetValue(Dataset)!, args.GetValue(MnistDirectory) ?? "", heldOut);
        bool paperPresets = PaperPresets(args.GetValue(Preset)!, data);
        Directory.CreateDirectory(output);

        Console.WriteLine($"{data.Name}, digit {heldOut} held out: {data.Train.Count} training rows, " +
                          $"{data.Test.Count} test rows ({data.Test.Count(r => r.Label > 0)} anomalies).");
        var results = new List<DemoResult>();
        foreach (var detector in detectors)
        {
            var result = RunOne(data, detector, new DemoSettings(seed, new ConsoleProgress(detector.DisplayName), settings, paperPresets), output, saveModel: detector == detectors[^1]);
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
        _ => throw new CommandLineException("--preset paper needs --dataset mnist: the paper networks are convolutional for 28x28 images."),
    };

    private static HoldoutData LoadData(string dataset, string mnistDirectory, int heldOut)
    {
        if (heldOut is < 0 or > 9) throw new CommandLineException($"--holdout must be a digit 0-9, but was {heldOut}.");
        if (dataset == "digits") return HoldoutData.Digits(heldOut); // the parser accepts digits or mnist only
        return HoldoutData.Mnist(mnistDirectory.Length > 0 ? mnistDirectory : HoldoutData.FindMnist()
                ?? throw new CommandLineException("MNIST not found: pass --mnist-dir or set NAE_MNIST_DIR (folder with train-images-idx3-ubyte.gz)."),
            heldOut);
    }
}

