using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.AutoML;
using Nae.MLNet.Cli.Csv;
using Nae.MLNet.Cli.Rendering;
using Nae.MLNet.Cli.Reports;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// <c>nae-mlnet train</c>: infer the columns of a CSV file, featurize them, run an AutoML-style experiment over the
/// detectors under a time budget (labelled selection with a label column, the label-free ensemble without), and write the
/// model (CSV loader included), the leaderboard, a report with plots, and a consumption project to the output folder.
/// </summary>
internal static class TrainCommand
{
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "The CSV file to train on.", Required = true };
    private static readonly Option<string> LabelColumn = new("--label-col") { Description = "Column that marks anomalies (selection and evaluation only; training uses its normal rows). Without it, selection is label-free." };
    private static readonly Option<string> AnomalyValue = new("--anomaly-value") { Description = "The label value of an anomaly (default: 1 for 0/1, true/yes for booleans, else the rarer of two values)." };
    private static readonly Option<string> IgnoreColumns = new("--ignore-cols") { Description = "Comma-separated columns that are not features." };
    private static readonly Option<uint> Time = new("--time", "--train-time") { Description = "Time budget in seconds; the running trial is cancelled at the deadline.", DefaultValueFactory = _ => 600 };
    private static readonly Option<int?> MaxModels = new("--max-models") { Description = "Stop after this many trials." };
    private static readonly Option<string> Detectors = new("--detectors") { Description = $"Comma-separated detectors to sweep ({string.Join(", ", DetectorRegistry.All.Select(d => d.Name))}, pca); default: all but mpdr-s, plus pca." };
    private static readonly Option<string> Select = new Option<string>("--select") { Description = "auto: by validation AUROC with a label column, else presets; label-free: presets (each detector's preset, averaged unranked), ensemble (the top trials by a synthetic-anomaly criterion) or single (the top one); a label column then only evaluates.", DefaultValueFactory = _ => "auto" }
        .AcceptOnlyFromAmong("auto", "ensemble", "presets", "single");
    private static readonly Option<int> EnsembleSize = new("--ensemble-size") { Description = "Members of the --select ensemble.", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> FalsePositiveRate = new("--fpr") { Description = "False-positive rate of the model's threshold.", DefaultValueFactory = _ => EnergyDetectorOptions.Defaults.FalsePositiveRate };
    private static readonly Option<string> ValidationDataset = new("--validation-dataset") { Description = "A CSV with the same columns to select on (default: 20 % of --dataset)." };
    private static readonly Option<string> TestDataset = new("--test-dataset") { Description = "A labelled CSV with the same columns to report on (default: 20 % of --dataset when labelled)." };
    private static readonly Option<bool?> HasHeader = new("--has-header") { Description = "Whether the first record names the columns (default: detected)." };
    private static readonly Option<string> Separator = new("--separator") { Description = "comma, semicolon, tab, pipe or a character (default: detected)." };
    private static readonly Option<string> Columns = new("--columns") { Description = "A columns.json from an earlier run (edit purposes there), instead of inference." };
    private static readonly Option<string> Name = new("--name") { Description = "Name of the generated consumption project and its classes.", DefaultValueFactory = _ => "NaeModel" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "nae-output" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the split, the tuner and every trial.", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> NoCodegen = new("--no-codegen") { Description = "Do not write the consumption project." };
    private static readonly Option<string> LibraryReference = new("--nae-mlnet-reference") { Description = "Path of Nae.MLNet.csproj: the consumption project references it instead of the NuGet package.", Hidden = true };

    public static Command Create()
    {
        var command = new Command("train", "Train on a CSV file: infer the columns, sweep the detectors under a time budget, select, and write the model, leaderboard, report and consumption code.")
        {
            Dataset, LabelColumn, AnomalyValue, IgnoreColumns, Time, MaxModels, Detectors, Select, EnsembleSize, FalsePositiveRate,
            ValidationDataset, TestDataset, HasHeader, Separator, Columns, Name, Output, Seed, NoCodegen, LibraryReference,
        };
        command.SetAction((parsed, cancellation) => RunAsync(parsed, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, CancellationToken cancellation)
    {
        string dataset = args.GetValue(Dataset)!;
        string output = Path.GetFullPath(args.GetValue(Output)!);
        int seed = args.GetValue(Seed);
        string name = CheckedName(args.GetValue(Name)!);
        var ignore = (args.GetValue(IgnoreColumns) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var csv = CsvRecords.Read(dataset, ParseSeparator(args.GetValue(Separator)));
        var plan = args.GetValue(Columns) is { } planFile
            ? PlanFromFile(planFile, csv)
            : ColumnInference.Infer(csv, args.GetValue(HasHeader), args.GetValue(LabelColumn), args.GetValue(AnomalyValue), ignore);
        int rows = csv.Raw.Count - (plan.HasHeader ? 1 : 0);
        ColumnTable.Print(plan, dataset, rows);

        if (plan.LabelColumn is null && args.GetValue(TestDataset) is not null)
            throw new CommandLineException("--test-dataset needs --label-col: a test split is evaluated against the labels.");
        string select = args.GetValue(Select)!;
        bool labelled = plan.LabelColumn is not null && select == "auto";
        var labels = plan.LabelColumn is null ? null : LabelValues.Labels(csv, plan, plan.AnomalyValue!);
        var split = DataSplit.Make(rows, labels, args.GetValue(ValidationDataset) is not null, args.GetValue(TestDataset) is not null, seed);
        var ml = new MLContext(seed);
        var loader = CsvPipeline.Loader(ml, plan, csv.HasMultilineRecords);
        var data = new TrainData(ml, plan, loader);
        var train = data.Rows(csv, split.Train);
        var validation = args.GetValue(ValidationDataset) is { } validationFile ? data.File(validationFile) : data.Rows(csv, split.Validation);
        var test = plan.LabelColumn is null ? null : args.GetValue(TestDataset) is { } testFile ? data.File(testFile) : data.Rows(csv, split.Test);
        var validationCounts = labelled ? LabelCounts.Of(validation) : null;
        if (validationCounts is not null) CheckAnomalies(validationCounts, args.GetValue(ValidationDataset) is null);
        Console.WriteLine(Protocol(labelled, plan, train, validationCounts, test));

        var experiment = ml.AnomalyDetection.Auto().CreateExperiment(seed)
            .SetPipeline(CsvPipeline.Featurizer(ml, plan), Sweep(ml, args.GetValue(Detectors)), CsvPipeline.FeatureColumn)
            .SetDataset(train, validation)
            .SetTrainingTimeInSeconds(args.GetValue(Time))
            .SetFalsePositiveRate(args.GetValue(FalsePositiveRate))
            .SetCheckpoint(Path.Combine(output, "trials"));
        if (args.GetValue(MaxModels) is int max) experiment.SetMaxModelToExplore(max);
        if (labelled) experiment.SetLabelColumn(CsvPipeline.LabelColumn);
        else experiment.SetUnsupervisedSelection(select switch
        {
            "single" => UnsupervisedSelection.Single(),
            "ensemble" => UnsupervisedSelection.Ensemble(args.GetValue(EnsembleSize)),
            _ => UnsupervisedSelection.Presets(),
        });
        var console = new TrialConsole(labelled ? "AUROC" : "criterion", TimeSpan.FromSeconds(args.GetValue(Time)));
        experiment.SetMonitor(console);

        AnomalyExperimentResult result;
        try
        {
            result = await console.Show(experiment.RunAsync(cancellation));
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BudgetTooSmall;
        }
        using (result)
        {
            var run = new TrainRun(dataset, args.Tokens.Select(t => t.Value).ToArray(), plan, split, seed, labelled, result, train, validation, test, loader, name, output);
            var evaluation = TrainOutputs.Write(ml, run, args.GetValue(NoCodegen) ? null : args.GetValue(LibraryReference) ?? "");
            TrainSummary.Print(run, console, evaluation);
        }
        return cancellation.IsCancellationRequested || result.StopReason == ExperimentStopReason.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    private static IReadOnlyList<SweepableDetector>? Sweep(MLContext ml, string? names) =>
        names is null ? null : ml.AnomalyDetection.Auto().Detectors(names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static ColumnPlan PlanFromFile(string path, CsvRecords csv)
    {
        if (!File.Exists(path)) throw new CliDataException($"--columns {path}: no such file.");
        var plan = ColumnPlan.FromJson(File.ReadAllText(path), path);
        if (csv.Separator != plan.Separator) csv = CsvRecords.Read(csv.Path, plan.Separator);
        if (CsvValidation.Match(csv, plan, labelRequired: plan.LabelColumn is not null).Select((field, i) => field == i).Any(same => !same))
            throw new CliDataException($"--columns {path}: {csv.Path} does not have the plan's columns in the plan's order.");
        return plan;
    }

    private static char? ParseSeparator(string? text) => text switch
    {
        null or "auto" => null,
        "comma" => ',',
        "semicolon" => ';',
        "tab" or "\\t" => '\t',
        "pipe" => '|',
        { Length: 1 } => text[0],
        _ => throw new CommandLineException($"--separator takes comma, semicolon, tab, pipe or one character, but got '{text}'."),
    };

    private static string CheckedName(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_')
            ? name
            : throw new CommandLineException($"--name must be a C# identifier (letters, digits, _), but got '{name}'.");

    private static void CheckAnomalies(LabelCounts validation, bool fromSplit)
    {
        if (validation.Anomalies == 0)
            throw new CliDataException($"0 of {validation.Rows} validation rows are anomalies, so labelled selection has nothing to rank; " +
                (fromSplit ? "the file has too few anomalies for a 20 % split: pass --validation-dataset, or drop --label-col (or --select ensemble) to select without labels."
                           : "pass a --validation-dataset that holds anomalies, or drop --label-col to select without labels."));
        if (validation.Anomalies == validation.Rows)
            throw new CliDataException($"Every one of the {validation.Rows} validation rows is an anomaly; selection needs normal rows too.");
    }

    private static string Protocol(bool labelled, ColumnPlan plan, IDataView train, LabelCounts? validation, IDataView? test)
    {
        if (plan.LabelColumn is null)
            return "No label column: unsupervised. Trains on 80 % of the rows, checks each trial label-free on the other 20 % (taken as normal) and synthetic anomalies, and averages the detectors' presets that pass. " +
                   "Label-free selection is often no better than a sensible default (Ma et al. 2023); pass --label-col with ≥ 20 labelled anomalies for a dependable choice.";
        var (trained, tested) = (LabelCounts.Of(train), LabelCounts.Of(test!));
        string trainText = labelled
            ? $"novelty: train on the {trained.Rows - trained.Anomalies} normal rows of {trained.Rows}"
            : $"unsupervised: train on {trained.Rows} rows (anomalies included)";
        string selectText = labelled ? $"select by AUROC on {validation!.Rows} rows ({validation.Anomalies} anomalies)" : "select label-free";
        return $"Protocol: {trainText}; {selectText}; test on {tested.Rows} rows ({tested.Anomalies} anomalies), never used for selection.";
    }

    /// <summary>How many rows a labelled view has, and how many of them are anomalies (one pass over the label column).</summary>
    private sealed record LabelCounts(long Rows, long Anomalies)
    {
        public static LabelCounts Of(IDataView view)
        {
            long rows = 0, anomalies = 0;
            foreach (float label in view.GetColumn<float>(CsvPipeline.LabelColumn))
            {
                rows++;
                if (label > 0.5f) anomalies++;
            }
            return new LabelCounts(rows, anomalies);
        }
    }

    /// <summary>Reads the experiment's row sets through the loader the model keeps.</summary>
    private sealed class TrainData(MLContext ml, ColumnPlan plan, IDataLoader<IMultiStreamSource> loader)
    {
        public IDataView Rows(CsvRecords csv, IReadOnlyList<int> rows) => Labelled(loader.Load(new CsvRowSource(csv, plan.HasHeader, rows)));

        public IDataView File(string path)
        {
            var csv = CsvRecords.Read(path, plan.Separator);
            var map = CsvValidation.Match(csv, plan, labelRequired: plan.LabelColumn is not null);
            return Labelled(loader.Load(CsvRowSource.All(csv, plan.HasHeader, map)));
        }

        private IDataView Labelled(IDataView view) => plan.LabelColumn is null ? view : CsvPipeline.WithLabel(ml, view, plan, plan.AnomalyValue!);
    }
}
