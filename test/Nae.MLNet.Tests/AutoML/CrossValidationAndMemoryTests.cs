using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.AutoML;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.AutoML;

/// <summary>
/// Cross-validated experiments (<c>SetDataset(data, folds)</c>), each trial's own peak memory, and the memory limit
/// (<c>SetMaximumMemoryUsageInMegaByte</c>), on the bundled digits (digit 1 is the anomaly).
/// </summary>
public class CrossValidationAndMemoryTests
{
    private static IDataView AllDigits(MLContext ml, int anomalies = int.MaxValue)
    {
        int kept = 0;
        var rows = DigitsData.All.Select(r => DigitsData.WithLabel(r, heldOut: 1)).Where(r => r.Label < 0.5f || kept++ < anomalies).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    [Test]
    public void Folds_TrainEachTrialPerFold_AverageTheFoldMetrics_AndKeepTheFirstFoldsModel()
    {
        var ml = new MLContext(1);
        var auto = ml.AnomalyDetection.Auto();
        using var result = auto.CreateExperiment(seed: 2)
            .SetPipeline(DigitsData.Featurize(ml), auto.Detectors(new[] { "RandomizedPca", "autoencoder" }))
            .SetDataset(AllDigits(ml), folds: 3)
            .SetLabelColumn("Label")
            .SetMaxModelToExplore(3)
            .Run();
        var completed = result.Trials.Where(t => t.Status == AnomalyTrialStatus.Completed).ToList();
        var scores = result.BestModel.Transform(AllDigits(ml)).GetColumn<float>("Score").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(completed, Has.Count.EqualTo(3));
            Assert.That(completed, Has.All.Matches<AnomalyTrialResult>(t => t.FoldMetrics.Count == 3), "one value per fold");
            Assert.That(completed.Select(t => t.Metric), Is.EqualTo(completed.Select(t => t.FoldMetrics.Average())).Within(1e-12), "the selection value is the folds' mean");
            Assert.That(completed.Select(t => t.ValidationAuroc!.Value), Is.EqualTo(completed.Select(t => t.Metric)).Within(1e-12));
            Assert.That(completed.SelectMany(t => t.FoldMetrics).Distinct().Count(), Is.GreaterThan(3), "the folds differ");
            Assert.That(completed.SelectMany(t => t.FoldMetrics), Has.All.GreaterThan(0.5), "digit 1 is found on every fold");
            Assert.That(scores, Has.All.Matches<float>(float.IsFinite), "the kept model (the first fold's) scores");
        });
    }

    [Test]
    public void Folds_WithAFoldWithoutAnomalies_OrFewerThanTwo_AreRefusedWithTheReason()
    {
        var ml = new MLContext(1);
        var auto = ml.AnomalyDetection.Auto();
        var error = Assert.Throws<ArgumentException>(() => auto.CreateExperiment(seed: 1)
            .SetPipeline(DigitsData.Featurize(ml), auto.Detectors(new[] { "RandomizedPca" }))
            .SetDataset(AllDigits(ml, anomalies: 1), folds: 4)
            .SetLabelColumn("Label").SetMaxModelToExplore(1).Run())!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith("Fold ").And.Contain(" of 4: The validation data has no anomalies (label column 'Label'").And.Contain("needs some. Use fewer folds"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => auto.CreateExperiment().SetDataset(AllDigits(ml), folds: 1))!.ParamName, Is.EqualTo("folds"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => auto.CreateExperiment().SetMaximumMemoryUsageInMegaByte(0))!.ParamName, Is.EqualTo("megabytes"));
        });
    }

    [Test]
    public void MemoryLimit_CancelsTheTrialThatExceedsIt_NamesItsPeak_AndTheNextTrialsPeakIsItsOwn()
    {
        var ml = new MLContext(1);
        var test = DigitsData.Test(1).ToList();
        double baseline;
        using (var process = Process.GetCurrentProcess()) baseline = process.WorkingSet64 / 1048576.0;
        double limit = baseline + 300;
        var hog = SweepableDetector.Create<NoOptions>("memory-hog", (context, _) => new MemoryHog(ml, context.CancellationToken), relativeCost: 0.01);
        var auto = ml.AnomalyDetection.Auto();
        using var result = auto.CreateExperiment(seed: 1)
            .SetPipeline(DigitsData.Featurize(ml), new[] { hog, SweepableDetector.RandomizedPca() })
            .SetDataset(ml.Data.LoadFromEnumerable(DigitsData.Train(1)), ml.Data.LoadFromEnumerable(test))
            .SetLabelColumn("Label")
            .SetMaximumMemoryUsageInMegaByte(limit)
            .SetMaxModelToExplore(2)
            .Run();
        var hogTrial = result.Trials.Single(t => t.Detector == "memory-hog");
        var pcaTrial = result.Trials.Single(t => t.Detector == "RandomizedPca");
        Assert.Multiple(() =>
        {
            Assert.That(hogTrial.Status, Is.EqualTo(AnomalyTrialStatus.MemoryLimit));
            Assert.That(hogTrial.GuardFailures.Single(), Does.StartWith($"memory above the limit of {limit:F0} MiB (peak "));
            Assert.That(hogTrial.PeakMemoryMegabytes, Is.GreaterThan(limit));
            Assert.That(pcaTrial.Status, Is.EqualTo(AnomalyTrialStatus.Completed), "the experiment goes on");
            Assert.That(result.BestTrial, Is.SameAs(pcaTrial));
            Assert.That(pcaTrial.PeakMemoryMegabytes, Is.LessThan(limit), "the next trial's peak is its own, not the process's");
        });
    }

    public sealed class NoOptions
    {
    }

    /// <summary>Takes native memory 64 MiB at a time (touching every page) until its trial is cancelled, then frees it.</summary>
    private sealed class MemoryHog(MLContext ml, CancellationToken cancellation) : IEstimator<ITransformer>
    {
        private readonly IEstimator<ITransformer> _scorer = ml.Transforms.CustomMapping<AnomalyExperimentTests.FeaturesRow, AnomalyExperimentTests.ScoreOnly>(
            (input, output) => output.Score = input.Features.Sum(), contractName: null);

        public ITransformer Fit(IDataView input)
        {
            var blocks = new List<IntPtr>();
            try
            {
                for (int i = 0; i < 32 && !cancellation.IsCancellationRequested; i++)
                {
                    const int size = 64 << 20;
                    var block = Marshal.AllocHGlobal(size);
                    blocks.Add(block);
                    for (int offset = 0; offset < size; offset += 4096) Marshal.WriteByte(block, offset, 1);
                    Thread.Sleep(20);
                }
                cancellation.ThrowIfCancellationRequested();
                return _scorer.Fit(input);
            }
            finally
            {
                foreach (var block in blocks) Marshal.FreeHGlobal(block);
            }
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _scorer.GetOutputSchema(inputSchema);
    }
}
