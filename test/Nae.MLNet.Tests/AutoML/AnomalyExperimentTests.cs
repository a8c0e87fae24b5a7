using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.AutoML;
using Nae.MLNet.Tests.Benchmarks;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.AutoML;

/// <summary>
/// The experiment on the bundled digits (digit 1 is the anomaly): labelled selection, label-free selection with the
/// ensemble, the hard budget, cancellation, determinism, the NaN guard and a user estimator.
/// </summary>
public class AnomalyExperimentTests : TemporaryFolderTests
{
    private static IEstimator<ITransformer> Featurizer(MLContext ml) => DigitsData.Featurize(ml);

    private static (IDataView Train, IDataView Validation, IDataView Test) Digits(MLContext ml)
    {
        var test = DigitsData.Test(1).ToList();
        return (ml.Data.LoadFromEnumerable(DigitsData.Train(1)), ml.Data.LoadFromEnumerable(test.Where((_, i) => i % 2 == 0)),
            ml.Data.LoadFromEnumerable(test.Where((_, i) => i % 2 == 1)));
    }

    private static AnomalyExperiment Labelled(MLContext ml, params string[] detectors)
    {
        var (train, validation, _) = Digits(ml);
        var auto = ml.AnomalyDetection.Auto();
        return auto.CreateExperiment(seed: 3)
            .SetPipeline(Featurizer(ml), auto.Detectors(detectors))
            .SetDataset(train, validation)
            .SetLabelColumn("Label");
    }

    /// <summary>An experiment without labels: the validation half's normal rows held out.</summary>
    private static AnomalyExperiment Unlabelled(MLContext ml, params string[] detectors)
    {
        var (train, validation, _) = Digits(ml);
        var auto = ml.AnomalyDetection.Auto();
        return auto.CreateExperiment(seed: 2)
            .SetPipeline(Featurizer(ml), auto.Detectors(detectors))
            .SetDataset(train, ml.Data.FilterRowsByColumn(validation, "Label", upperBound: 0.5));
    }

    [Test]
    public void Labelled_SelectsByValidationAuroc_AndReportsTheTestSplitWithAnInterval()
    {
        var ml = new MLContext(1);
        using var result = Labelled(ml, "autoencoder", "RandomizedPca").SetMaxModelToExplore(5).Run();
        var (_, _, test) = Digits(ml);
        var evaluation = result.Evaluate(test, "Label");
        string csv = Path.Combine(Folder, "leaderboard.csv");
        result.WriteCsv(csv);
        Assert.Multiple(() =>
        {
            Assert.That(result.Trials, Has.Count.EqualTo(5));
            Assert.That(result.StopReason, Is.EqualTo(ExperimentStopReason.MaxModels));
            Assert.That(result.Trials.Select(t => t.Detector).Distinct(), Is.EquivalentTo(new[] { "Autoencoder", "RandomizedPca" }), "the portfolio runs every detector");
            Assert.That(result.BestTrial.Metric, Is.EqualTo(result.Trials.Where(t => t.Status == AnomalyTrialStatus.Completed).Max(t => t.Metric)));
            Assert.That(result.BestTrial.ValidationAuroc, Is.EqualTo(result.BestTrial.Metric));
            Assert.That(result.SelectionBasis, Does.Contain("validation AUROC"));
            Assert.That(result.Ensemble, Is.Null);
            Assert.That(evaluation.Auroc, Is.InRange(evaluation.Low, evaluation.High));
            Assert.That(evaluation.Auroc, Is.GreaterThan(0.55), "digit 1 is found better than chance");
            Assert.That(result.ToMarkdown(), Does.Contain("| rank | trial | detector | status | metric |"));
            Assert.That(File.ReadAllLines(csv), Has.Length.EqualTo(6));
        });
    }

    [Test]
    public void SameSeedAndTrialCount_GiveTheSameLeaderboard()
    {
        string Board()
        {
            using var result = Labelled(new MLContext(1), "autoencoder").SetMaxModelToExplore(4).Run();
            return string.Join("\n", result.Trials.Select(t => $"{t.TrialId} {t.Detector} {t.Parameter} {t.Metric:R}"));
        }
        Assert.That(Board(), Is.EqualTo(Board()));
    }

    [Test]
    public void WithoutLabels_GuardsThenAveragesAnEnsemble_ThatSavesAndLoadsWithIdenticalScores()
    {
        var ml = new MLContext(1);
        var (train, _, test) = Digits(ml);
        using var result = Unlabelled(ml, "autoencoder")
            .SetUnsupervisedSelection(UnsupervisedSelection.Ensemble())
            .SetMaxModelToExplore(5)
            .Run();
        Assert.That(result.Ensemble, Is.Not.Null, result.SelectionBasis);
        var ensemble = (ScoreEnsembleTransformer)((TransformerChain<ITransformer>)result.Ensemble!).LastTransformer;
        float[] scores = TestModels.Scores(result.Ensemble!.Transform(test));
        string path = Path.Combine(Folder, "ensemble.zip");
        ml.Model.Save(result.Ensemble, train.Schema, path);
        var loaded = new MLContext().Model.LoadWithNaeMLNet(path, out _);
        Assert.Multiple(() =>
        {
            Assert.That(result.SelectionBasis, Does.Contain("no labels").And.Contain("ensemble of").And.Contain("Ma et al."));
            Assert.That(ensemble.MemberDetectors, Has.Count.InRange(2, 3), "at most half of five from one detector");
            Assert.That(result.Trials.Where(t => t.Status == AnomalyTrialStatus.Completed), Has.All.Matches<AnomalyTrialResult>(t => t.Criteria.Count == 3));
            Assert.That(scores, Has.All.InRange(0f, 1f), "empirical-CDF averages");
            Assert.That(TestModels.Scores(loaded.Transform(test)), Is.EqualTo(scores));
            Assert.That(ml.AnomalyDetection.Evaluate(result.Ensemble.Transform(test), "Label").AreaUnderRocCurve, Is.GreaterThan(0.55));
        });
    }

    [Test]
    public void WithoutLabels_PresetsSelection_AveragesEachDetectorsFirstTrial_AndNoLaterOne()
    {
        var ml = new MLContext(1);
        var (_, _, test) = Digits(ml);
        using var result = Unlabelled(ml, "pca", "autoencoder", "mpdr-r")
            .SetUnsupervisedSelection(UnsupervisedSelection.Presets())
            .SetMaxModelToExplore(5)
            .Run();
        var firsts = result.Trials.Where(t => t.Detector != "RandomizedPca").GroupBy(t => t.Detector).Select(g => g.MinBy(t => t.TrialId)!).ToList();
        var later = result.Trials.Where(t => t.Detector != "RandomizedPca").Except(firsts).ToList();
        Assert.That(result.Ensemble, Is.Not.Null, result.SelectionBasis);
        var ensemble = (ScoreEnsembleTransformer)((TransformerChain<ITransformer>)result.Ensemble!).LastTransformer;
        Assert.Multiple(() =>
        {
            Assert.That(firsts.Select(t => t.Detector), Is.EquivalentTo(new[] { "Autoencoder", "MPDR-R" }));
            Assert.That(later, Is.Not.Empty, "trials after the portfolio ran");
            Assert.That(ensemble.MemberDetectors, Has.Count.EqualTo(2));
            Assert.That(result.SelectionBasis, Does.Contain("the 2 detectors' presets").And.Contain($"#{firsts[0].TrialId} {firsts[0].Detector}").And.Contain($"#{firsts[1].TrialId} {firsts[1].Detector}"));
            Assert.That(later.Select(t => $"#{t.TrialId} "), Has.None.Matches<string>(id => result.SelectionBasis.Contains(id)), "later trials do not join");
            Assert.That(ml.AnomalyDetection.Evaluate(result.Ensemble.Transform(test), "Label").AreaUnderRocCurve, Is.GreaterThan(0.55));
        });
    }

    /// <summary>When one detector preset is all that completed (a short budget, or one detector swept beside a user
    /// estimator), the label-free default keeps that preset; the synthetic criterion never picks (it picked
    /// RandomizedPca over the Autoencoder preset on 6_cardio: .631 against .922).</summary>
    [Test]
    public void WithoutLabels_PresetsSelection_WithOnePreset_KeepsIt_WhateverTheCriterionSays()
    {
        var ml = new MLContext(1);
        using var result = Unlabelled(ml, "pca", "autoencoder")
            .SetMaxModelToExplore(4)
            .Run();
        var preset = result.Trials.Where(t => t.Detector == "Autoencoder").MinBy(t => t.TrialId)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Ensemble, Is.Null, "one member is no ensemble");
            Assert.That(result.BestTrial, Is.SameAs(preset), "the Autoencoder's first trial, its preset");
            Assert.That(result.SelectionBasis, Does.Contain($"the preset of Autoencoder (#{preset.TrialId}), the only detector preset"));
            Assert.That(result.Trials.Count(t => t.Status == AnomalyTrialStatus.Completed), Is.GreaterThan(2), "later trials ran, and did not replace it");
        });
    }

    [Test]
    public void TimeBudget_CancelsTheRunningTrial_AndKeepsWhatCompleted()
    {
        var ml = new MLContext(1);
        var clock = Stopwatch.StartNew();
        using var result = Labelled(ml, "autoencoder", "nae").SetTrainingTimeInSeconds(6).Run();
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(ExperimentStopReason.TimeBudget));
            Assert.That(seconds, Is.LessThan(6 + 4), "overshoot: one mini-batch, scoring and the featurizer");
            Assert.That(result.Trials.Any(t => t.Status == AnomalyTrialStatus.Completed));
            Assert.That(result.Trials.Last().Status, Is.EqualTo(AnomalyTrialStatus.Cancelled), "the trial at the deadline was cancelled");
        });
    }

    [Test]
    public void TimeBudget_ThatNoTrialFits_ThrowsTimeoutException_SayingWhatTheFirstTrialCost()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<TimeoutException>(() => Labelled(ml, "nae").SetTrainingTimeInSeconds(1).Run())!;
        Assert.That(error.Message, Does.Contain("ended before any trial completed").And.Contain("NAE").And.Contain("would let it finish"));
    }

    [Test]
    public void Cancellation_AfterATrialCompleted_ReturnsTheBestSoFar()
    {
        var ml = new MLContext(1);
        using var cancel = new CancellationTokenSource();
        var monitor = new CancelAfterFirst(cancel);
        using var result = Labelled(ml, "autoencoder").SetMaxModelToExplore(50).SetMonitor(monitor).RunAsync(cancel.Token).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(ExperimentStopReason.Cancelled));
            Assert.That(result.Trials, Has.Count.EqualTo(1));
            Assert.That(result.BestTrial.Status, Is.EqualTo(AnomalyTrialStatus.Completed));
            Assert.That(monitor.ProgressReports, Is.GreaterThan(0), "the detectors' progress reached the monitor");
        });
    }

    [Test]
    public void TrialWithNaNScores_IsRejectedAndNamed_AndAUserEstimatorIsSweptThroughTheSameApi()
    {
        var ml = new MLContext(1);
        var (train, validation, _) = Digits(ml);
        var nan = SweepableDetector.Create<NoOptions>("always-NaN", (context, _) =>
            ml.Transforms.CustomMapping<FeaturesRow, ScoreOnly>((input, output) => output.Score = float.NaN, contractName: null));
        var pca = SweepableDetector.Create<PcaOptions>("my-pca", (context, options) =>
            context.Trainers.RandomizedPca(context.FeatureColumnName, rank: options.Rank, seed: context.Seed));
        var auto = ml.AnomalyDetection.Auto();
        using var result = auto.CreateExperiment(seed: 1).SetPipeline(Featurizer(ml), new[] { nan, pca })
            .SetDataset(train, validation).SetLabelColumn().SetMaxModelToExplore(4).Run();
        var rejected = result.Trials.Where(t => t.Detector == "always-NaN").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rejected, Is.Not.Empty);
            Assert.That(rejected, Has.All.Matches<AnomalyTrialResult>(t => t.Status == AnomalyTrialStatus.Rejected));
            Assert.That(rejected[0].GuardFailures.Single(), Does.Contain("non-finite scores on").And.Contain("validation rows"));
            Assert.That(result.BestTrial.Detector, Is.EqualTo("my-pca"));
            Assert.That(result.Trials.Where(t => t.Detector == "my-pca").Select(t => t.Parameter.Get<int>("Rank")), Has.All.InRange(1, 8));
        });
    }

    public sealed class NoOptions
    {
    }

    public sealed class PcaOptions
    {
        [Nae.MLNet.AutoML.Range(1, 8)]
        public int Rank { get; set; } = 4;
    }

    public sealed class FeaturesRow
    {
        [VectorType(64)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class ScoreOnly
    {
        public float Score { get; set; }
    }

    private sealed class CancelAfterFirst(CancellationTokenSource cancel) : IAnomalyMonitor
    {
        public int ProgressReports { get; private set; }

        public void ReportRunningTrial(int trialId, string detector, Parameter parameter)
        {
        }

        public void ReportTrialProgress(int trialId, TrainingProgress progress) => ProgressReports++;

        public void ReportCompletedTrial(AnomalyTrialResult result) => cancel.Cancel();

        public void ReportBestTrial(AnomalyTrialResult result)
        {
        }
    }
}
