using Nae.MLNet.Benchmarks.Speed;

namespace Nae.MLNet.Tests.Benchmarks;

/// <summary>Keeps the speed benchmark working: its quick mode runs every measurement on tiny data (no timing is asserted).</summary>
public class SpeedSuiteSmokeTests
{
    [Test]
    public void QuickSpeedSuite_ProducesEveryMeasurement()
    {
        var rows = SpeedSuite.Run(SpeedSettings.Quick, TextWriter.Null);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(13));
            Assert.That(rows.Select(r => r.Value), Is.All.GreaterThan(0).And.All.Matches<double>(double.IsFinite));
            Assert.That(SpeedSuite.ToMarkdown(rows), Does.StartWith("| measure | value | unit |"));
        });
    }
}
