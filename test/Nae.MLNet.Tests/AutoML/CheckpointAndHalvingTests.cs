using Microsoft.ML;
using Nae.MLNet.AutoML;
using Nae.MLNet.Tests.Benchmarks;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.AutoML;

/// <summary>Successive halving's brackets, and the checkpoint journal that lets a re-run resume without retraining.</summary>
public class CheckpointAndHalvingTests : TemporaryFolderTests
{
    [Test]
    public void SuccessiveHalving_RunsABracketAtLowFidelity_ThenPromotesTheBestThirdTwice()
    {
        var detectors = new MLContext(1).AnomalyDetection.Auto().Detectors(new[] { "nae" }).Select(d => d.Bind(64)).ToList();
        var tuner = new SuccessiveHalvingTuner(new RandomSearchTuner(), eta: 3);
        tuner.Initialize(detectors, seed: 1);
        var history = new List<AnomalyTrialResult>();
        var random = new Random(4);
        for (int i = 0; i < 9 + 3 + 1 + 1; i++)
        {
            var proposal = tuner.Propose(history)!;
            history.Add(new AnomalyTrialResult(i, detectors[0].Name, proposal.Parameter, proposal.Fidelity, i)
            {
                Status = AnomalyTrialStatus.Completed,
                Metric = random.NextDouble(),
            });
        }
        int max = detectors[0].Fidelity!.Max;
        var rung0 = history.Take(9).ToList();
        var promoted = rung0.OrderByDescending(t => t.Metric).Take(3).Select(t => t.Parameter.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rung0.Select(t => t.Fidelity), Has.All.EqualTo((int)Math.Round(max / 9.0)));
            Assert.That(history.Skip(9).Take(3).Select(t => t.Fidelity), Has.All.EqualTo((int)Math.Round(max / 3.0)));
            Assert.That(history.Skip(9).Take(3).Select(t => t.Parameter.ToString()), Is.EquivalentTo(promoted), "the best third of rung 0");
            Assert.That(history[12].Fidelity, Is.EqualTo(max));
            Assert.That(history[12].Parameter.ToString(), Is.EqualTo(history.Skip(9).Take(3).MaxBy(t => t.Metric)!.Parameter.ToString()));
            Assert.That(history[13].Fidelity, Is.EqualTo((int)Math.Round(max / 9.0)), "then a new bracket");
        });
    }

    [Test]
    public void Checkpoint_ReplaysTheJournal_WithoutTraining_AndRetrainsTheSelectedTrialIdentically()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var validation = ml.Data.LoadFromEnumerable(DigitsData.Test(1));
        (string Board, float[] Scores, int Trained) Run(int trials)
        {
            var monitor = new CountingMonitor();
            var auto = ml.AnomalyDetection.Auto();
            using var result = auto.CreateExperiment(seed: 5).SetPipeline(DigitsData.Featurize(ml), auto.Detectors(new[] { "autoencoder", "pca" }))
                .SetDataset(train, validation).SetLabelColumn().SetMaxModelToExplore(trials).SetCheckpoint(Folder).SetMonitor(monitor).Run();
            return (string.Join("\n", result.Trials.Select(t => $"{t.TrialId} {t.Detector} {t.Parameter} {t.Metric:R}")),
                TestModels.Scores(result.BestModel.Transform(validation)), monitor.Started);
        }
        var first = Run(4);
        var again = Run(4);
        var more = Run(6);
        Assert.Multiple(() =>
        {
            Assert.That(first.Trained, Is.EqualTo(4));
            Assert.That(again.Trained, Is.Zero, "every trial came from the journal");
            Assert.That(again.Board, Is.EqualTo(first.Board));
            Assert.That(again.Scores, Is.EqualTo(first.Scores), "the selected trial, retrained with its seed, is the same model");
            Assert.That(more.Trained, Is.EqualTo(2), "a longer run resumes after the journaled trials");
            Assert.That(more.Board.Split('\n'), Is.SupersetOf(first.Board.Split('\n')), "with the journaled results as they were");
            Assert.That(File.ReadAllLines(Path.Combine(Folder, "trials.jsonl")), Has.Length.EqualTo(1 + 6));
        });
    }

    private sealed class CountingMonitor : IAnomalyMonitor
    {
        public int Started { get; private set; }

        public void ReportRunningTrial(int trialId, string detector, Parameter parameter) => Started++;

        public void ReportTrialProgress(int trialId, TrainingProgress progress)
        {
        }

        public void ReportCompletedTrial(AnomalyTrialResult result)
        {
        }

        public void ReportBestTrial(AnomalyTrialResult result)
        {
        }
    }
}
