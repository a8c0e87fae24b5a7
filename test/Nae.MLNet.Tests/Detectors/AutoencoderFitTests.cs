using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>Fit-time behaviour: validation before Fit, bad data, cancellation, progress, determinism, memory.</summary>
public class AutoencoderFitTests
{
    [Test]
    public void Pipeline_MissingFeatureColumn_FailsBeforeAnyFit()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(DigitsData.Train(1).Take(50));
        int firstDetectorEpochs = 0;
        var first = TestModels.SmallAutoencoder();
        first.FeatureColumnName = "Feats";
        first.Progress = new SynchronousProgress(_ => firstDetectorEpochs++);
        var pipeline = ml.Transforms.CopyColumns("Feats", "Pixels")
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(first))
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder()));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("'Features'").And.Contain("not found"));
            Assert.That(firstDetectorEpochs, Is.Zero, "the chain was validated before any estimator was fitted");
        });
    }

    [Test]
    public void Pipeline_WrongFeatureType_NamesColumnAndExpectedType()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = new double[4] } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { LatentDimension = 2 }).GetOutputSchema(Shapes.Of(data.Schema)))!;
        Assert.That(error.Message, Does.Contain("'Features'").And.Contain("expected known-size vector of Single").And.Contain("Double"));
    }

    [Test]
    public void Pipeline_VariableSizeVector_IsRejected()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new VariableRow { Features = new float[] { 1, 2 } } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { LatentDimension = 1 }).Fit(data))!;
        Assert.That(error.Message, Does.Contain("'Features'").And.Contain("known-size"));
    }

    [Test]
    public void Pipeline_DownstreamEstimatorsSeeScoreColumns()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(DigitsData.Train(1).Take(100));
        var pipeline = DigitsData.Featurize(ml).Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(epochs: 1)))
            .Append(ml.Transforms.CopyColumns("ScoreCopy", "Score"));
        var shape = pipeline.GetOutputSchema(Shapes.Of(data.Schema));
        Assert.That(shape.Select(c => c.Name), Does.Contain("ScoreCopy").And.Contain("PredictedLabel"));
    }

    [Test]
    public void Fit_NaNFeature_NamesTheRowAndSlot()
    {
        var ml = new MLContext(1);
        var rows = DigitsData.Train(1).Take(40).Select(r => new DigitRow { Pixels = (float[])r.Pixels.Clone() }).ToArray();
        rows[17].Pixels[5] = float.NaN;
        var error = Assert.Throws<InvalidOperationException>(() => ml.Transforms.CopyColumns("Features", "Pixels")
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder())).Fit(ml.Data.LoadFromEnumerable(rows)))!;
        Assert.That(error.Message, Does.Contain("row 17").And.Contain("slot 5").And.Contain("NaN"));
    }

    [Test]
    public void Fit_InfiniteFeature_IsRejected()
    {
        var ml = new MLContext(1);
        var rows = DigitsData.Train(1).Take(40).Select(r => new DigitRow { Pixels = (float[])r.Pixels.Clone() }).ToArray();
        rows[3].Pixels[0] = float.PositiveInfinity;
        var error = Assert.Throws<InvalidOperationException>(() => ml.Transforms.CopyColumns("Features", "Pixels")
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder())).Fit(ml.Data.LoadFromEnumerable(rows)))!;
        Assert.That(error.Message, Does.Contain("row 3"));
    }

    [Test]
    public void Fit_EmptyData_ThrowsClearError()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<InvalidOperationException>(() => ml.Transforms.CopyColumns("Features", "Pixels")
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder())).Fit(ml.Data.LoadFromEnumerable(Array.Empty<DigitRow>())))!;
        Assert.That(error.Message, Does.Contain("no rows"));
    }

    [Test]
    public void Fit_LatentNotSmallerThanFeatures_ThrowsNamingTheOption()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new VectorRow { Features = new float[4] } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { LatentDimension = 4 }).Fit(data))!;
        Assert.That(error.ParamName, Is.EqualTo("LatentDimension"));
    }

    [Test]
    public void Fit_Cancelled_ThrowsOperationCanceledPromptly()
    {
        var ml = new MLContext(1);
        using var cancel = new CancellationTokenSource();
        var options = TestModels.SmallAutoencoder(epochs: 1000);
        int reports = 0;
        options.Progress = new SynchronousProgress(_ => { if (++reports == 2) cancel.Cancel(); });
        options.CancellationToken = cancel.Token;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<OperationCanceledException>(() => TestModels.FitDigits(ml, options));
        Assert.That(reports, Is.EqualTo(2), "training stopped in the epoch after the cancel");
    }

    [Test]
    public void Fit_ReportsProgressPerEpoch_AndLogsToMLContext()
    {
        var ml = new MLContext(1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
        var reports = new List<TrainingProgress>();
        var options = TestModels.SmallAutoencoder(epochs: 3);
        options.EarlyStoppingPatience = 0;
        options.Progress = new SynchronousProgress(reports.Add);
        TestModels.FitDigits(ml, options);
        Assert.Multiple(() =>
        {
            Assert.That(reports.Select(r => r.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(reports.All(r => r.Phase == TrainingPhase.Autoencoder && r.TotalEpochs == 3));
            Assert.That(reports.Select(r => r.Elapsed), Is.Ordered);
            Assert.That(log.Count(l => l.Contains("Autoencoder epoch")), Is.EqualTo(3));
        });
    }

    [Test]
    public void Fit_SameSeed_GivesIdenticalScores_DifferentSeedDiffers()
    {
        float[] Run(int seed)
        {
            var ml = new MLContext(seed);
            var options = TestModels.SmallAutoencoder(epochs: 3);
            options.Seed = null; // derived from the MLContext seed
            var (model, _, test) = TestModels.FitDigits(ml, options);
            return TestModels.Scores(model.Transform(test));
        }
        var first = Run(7);
        Assert.Multiple(() =>
        {
            Assert.That(Run(7), Is.EqualTo(first));
            Assert.That(Run(8), Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void Fit_TwoFits_GiveIndependentTransformers()
    {
        var ml = new MLContext(1);
        var estimator = ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(epochs: 1));
        var data = DigitsData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(DigitsData.Train(1))).Transform(ml.Data.LoadFromEnumerable(DigitsData.Train(1)));
        using var a = estimator.Fit(data);
        using var b = estimator.Fit(data);
        Assert.That(a, Is.Not.SameAs(b));
        Assert.That(estimator.Options.Epochs, Is.EqualTo(1));
    }

    [Test]
    public void Memory_LiveTensorCountStaysFlat_OverTrainingAndScoring()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var featurized = DigitsData.Featurize(ml).Fit(data).Transform(data);
        // Live tensors created on this thread and not yet disposed: a leak left to finalizers stays counted.
        long Live() => TorchSharp.DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

        long Train(int epochs)
        {
            long before = Live();
            var options = TestModels.SmallAutoencoder(epochs);
            options.EarlyStoppingPatience = 0;
            using var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(featurized);
            return Live() - before;
        }
        long shortRun = Train(1), longRun = Train(6);
        Assert.That(longRun, Is.EqualTo(shortRun), "tensors left alive do not grow with the number of training steps");

        using var detector = ml.AnomalyDetection.Trainers.Autoencoder(TestModels.SmallAutoencoder(1)).Fit(featurized);
        var scored = detector.Transform(featurized);
        TestModels.Scores(scored);
        long afterOnePass = Live();
        for (int i = 0; i < 10; i++) TestModels.Scores(scored);
        Assert.That(Live(), Is.EqualTo(afterOnePass), "scoring many batches leaves no tensors behind");
    }

    [TestCaseSource(typeof(TestModels), nameof(TestModels.EnergyBasedDetectors))]
    public void Memory_McmcUpdatesLeaveNoUndisposedTensor(DetectorInfo detector)
    {
        // A tensor that no dispose scope and no Dispose call frees is left to a finalizer. Counting live tensors per thread
        // shows any per-update leak; a forced GC and the global count would hide it, since finalizers free them too.
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(DigitsData.Train(1));
        var featurized = DigitsData.Featurize(ml).Fit(data).Transform(data);
        long Train(int updates)
        {
            var options = TestModels.SmallOptions(detector);
            options.Epochs = 1;
            if (options is NormalizedAutoencoderOptions nae) nae.NaeIterations = updates;
            if (options is MpdrOptions mpdr) mpdr.MpdrIterations = updates;
            var statistics = TorchSharp.DisposeScopeManager.Statistics.TensorStatistics;
            // created minus disposed on this thread; a finalizer frees on its own thread, so leaks stay counted here
            long Undisposed() => statistics.ThreadTotalLiveCount;
            long before = Undisposed();
            using (TestModels.Estimator(ml, options).Fit(featurized)) { }
            return Undisposed() - before;
        }
        Assert.That(Train(40), Is.EqualTo(Train(5)), "undisposed tensors created outside a dispose scope do not grow with the number of MCMC updates");
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    public sealed class DoubleRow
    {
        [VectorType(4)]
        public double[] Features { get; set; } = Array.Empty<double>();
    }

    public sealed class VariableRow
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class VectorRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
