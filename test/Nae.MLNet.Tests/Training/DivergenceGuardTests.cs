using Nae.MLNet.Training;

namespace Nae.MLNet.Tests.Training;

public class DivergenceGuardTests
{
    [Test]
    public void NonFiniteValues_AreDivergence()
    {
        var guard = new DivergenceGuard(100);
        Assert.Multiple(() =>
        {
            Assert.That(guard.Check(double.NaN, 0.1, 0.1), Does.Contain("non-finite"));
            Assert.That(guard.Check(0.1, 0.1, double.PositiveInfinity), Does.Contain("non-finite"));
        });
    }

    [Test]
    public void SteadyNegativeEnergy_IsHealthy_ARunawayIsNot()
    {
        var guard = new DivergenceGuard(200);
        var random = new Random(1);
        for (int i = 0; i < 100; i++)
            Assert.That(guard.Check(0.01, 0.02, 0.05 + 0.01 * random.NextDouble()), Is.Null);
        Assert.That(guard.Check(0.01, 0.02, 0.06), Is.Null, "inside the band");
        Assert.That(guard.Check(0.01, 0.02, 5.0), Does.Contain("ran away"));
    }

    [Test]
    public void DuringWarmUp_OnlyNonFiniteValuesCount()
    {
        var guard = new DivergenceGuard(1000);
        Assert.That(guard.Check(0.01, 0.02, 0.01), Is.Null);
        Assert.That(guard.Check(0.01, 0.02, 50.0), Is.Null, "no history yet");
    }
}
