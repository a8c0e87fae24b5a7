using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.AutoML;
using Nae.MLNet.Cli.Csv;

namespace Nae.MLNet.Cli.Reports;

/// <summary>Everything a finished <c>train</c> run writes about: its inputs, the column plan and split, the experiment's
/// result, the loader the model keeps, and where the outputs go.</summary>
internal sealed record TrainRun(string Dataset, string[] Arguments, ColumnPlan Plan, DataSplit Split, int Seed, bool Labelled,
    AnomalyExperimentResult Result, IDataView Train, IDataView Validation, IDataView? Test, IDataLoader<IMultiStreamSource> Loader, string Name, string Output)
{
    /// <summary>What the leaderboard's metric is.</summary>
    public string MetricName => Labelled ? "validation AUROC" : "synthetic-anomaly AUROC (label-free)";

    /// <summary>The file in the output folder.</summary>
    public string PathOf(string file) => Path.Combine(Output, file);
}
