using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>FeatureContributions: each feature's share of a reconstruction energy, summing to Score, the same through
/// Transform and PredictionEngine; refused with a clear error for MPDR-S's scalar energy, which has the approximate
/// gradient × (x − baseline) attribution instead (as every detector does).</summary>
[TestFixtureSource(typeof(TestModels), nameof(TestModels.Detectors))]
public class FeatureContributionTests
{
    private readonly DetectorInfo _info;

    public FeatureContributionTests(DetectorInfo info) => _info = info;

    [Test]
    public void Contributions_SumToTheScore_InTransformAndPredictionEngine_OrAreRefusedClearly()
    {
        var ml = new MLContext(1);
        var (model, _, test) = TestModels.FitDigits(ml, TestModels.SmallOptions(_info));
        var chain = (TransformerChain<EnergyAnomalyTransformer>)model;
        var detector = chain.LastTransformer;
        if (_info == DetectorRegistry.MpdrScalar)
        {
            Assert.That(detector.CanExplainFeatures, Is.False);
            Assert.That(Assert.Throws<NotSupportedException>(() => detector.WithFeatureContributions())!.Message, Does.Contain("MPDR-S"));
            return;
        }
        using var explaining = detector.WithFeatureContributions();
        var featurizer = new TransformerChain<ITransformer>(chain.Take(chain.Count() - 1).ToArray());
        var features = featurizer.Transform(test);
        var scored = explaining.Transform(features);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var contributions = scored.GetColumn<float[]>("FeatureContributions").ToArray();
        var engine = ml.Model.CreatePredictionEngine<FeatureRow, ExplainedRow>(explaining, new PredictionEngineOptions { OwnsTransformer = false });
        var first = engine.Predict(new FeatureRow { Features = features.GetColumn<float[]>("Features").First() });
        Assert.Multiple(() =>
        {
            Assert.That(explaining.CanExplainFeatures && explaining.AddsFeatureContributions, Is.True);
            Assert.That(scored.Schema["FeatureContributions"].Type, Is.EqualTo(new VectorDataViewType(NumberDataViewType.Single, 64)));
            Assert.That(contributions.Select(c => c.Length), Has.All.EqualTo(64));
            Assert.That(contributions.Select(c => c.Sum()), Is.EqualTo(scores).Within(1e-4).Percent, "the shares sum to the score");
            Assert.That(contributions.SelectMany(c => c), Has.All.GreaterThanOrEqualTo(0f), "squared errors");
            Assert.That(scores, Is.EqualTo(TestModels.Scores(detector.Transform(features))), "the same scores as without the column");
            Assert.That(first.FeatureContributions, Is.EqualTo(contributions[0]).Within(1e-4 * scores[0]), "a batch of one rounds a little differently");
            Assert.That(detector.Transform(features).Schema.GetColumnOrNull("FeatureContributions"), Is.Null, "the original adds no column");
        });
    }

    [Test]
    public void GradientContributions_AreTheEnergyGradientTimesTheDistanceToTheBaseline()
    {
        var ml = new MLContext(1);
        var (model, _, test) = TestModels.FitDigits(ml, TestModels.SmallOptions(_info));
        var chain = (TransformerChain<EnergyAnomalyTransformer>)model;
        var detector = chain.LastTransformer;
        var rows = new TransformerChain<ITransformer>(chain.Take(chain.Count() - 1).ToArray()).Transform(test).GetColumn<float[]>("Features").Take(3).ToArray();
        var baseline = Enumerable.Repeat(0.1f, 64).ToArray();
        using var explaining = detector.WithFeatureContributions(baseline);
        var contributions = explaining.Transform(View(ml, rows)).GetColumn<float[]>("FeatureContributions").ToArray();
        const float h = 1e-3f;
        foreach (var (row, terms) in rows.Zip(contributions))
        {
            // the three features that contribute most, against central differences of the scored energy
            foreach (int d in Enumerable.Range(0, 64).OrderByDescending(d => Math.Abs(terms[d])).Take(3))
            {
                float[] up = (float[])row.Clone(), down = (float[])row.Clone();
                up[d] += h;
                down[d] -= h;
                var energies = TestModels.Scores(detector.Transform(View(ml, new[] { up, down })));
                double gradient = (energies[0] - energies[1]) / (2.0 * h);
                Assert.That(terms[d], Is.EqualTo(gradient * (row[d] - baseline[d])).Within(0.02 * Math.Abs(terms[d]) + 1e-4), $"feature {d}");
            }
        }
        Assert.That(Assert.Throws<ArgumentException>(() => detector.WithFeatureContributions(new float[63]))!.Message, Does.Contain("63 values; the model takes 64"));
        Assert.That(Assert.Throws<ArgumentException>(() => detector.WithFeatureContributions(Enumerable.Repeat(float.NaN, 64).ToArray()))!.Message, Does.Contain("must be finite"));
    }

    private static IDataView View(MLContext ml, IEnumerable<float[]> rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }));

    public sealed class FeatureRow
    {
        [VectorType(64)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class ExplainedRow
    {
        public float Score { get; set; }

        [VectorType(64)]
        public float[] FeatureContributions { get; set; } = Array.Empty<float>();
    }
}
