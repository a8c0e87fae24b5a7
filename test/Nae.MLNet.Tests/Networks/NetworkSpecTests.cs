using Nae.MLNet.Networks;

namespace Nae.MLNet.Tests.Networks;

/// <summary>The parameter count a model file is checked against, computed from the spec alone, equals the built network's.</summary>
public class NetworkSpecTests
{
    private static IEnumerable<TestCaseData> Specs()
    {
        foreach (var kind in Enum.GetValues<EnergyKind>())
        {
            yield return new TestCaseData(new NetworkSpec(64, 8, new[] { 32 }, null, true, DecoderOutput.Sigmoid, kind)).SetArgDisplayNames($"{kind} MLP 64-32-8");
            yield return new TestCaseData(new NetworkSpec(10, 3, new[] { 16, 7, 5 }, null, false, DecoderOutput.Linear, kind)).SetArgDisplayNames($"{kind} MLP 10-16-7-5-3");
            yield return new TestCaseData(new NetworkSpec(6, 2, Array.Empty<int>(), null, false, DecoderOutput.Linear, kind)).SetArgDisplayNames($"{kind} linear");
            yield return new TestCaseData(new NetworkSpec(784, 32, Array.Empty<int>(), ImageShape.Mnist, true, DecoderOutput.Sigmoid, kind)).SetArgDisplayNames($"{kind} conv MNIST");
            yield return new TestCaseData(new NetworkSpec(2 * 20 * 24, 4, Array.Empty<int>(), new ImageShape(2, 20, 24), true, DecoderOutput.Sigmoid, kind)).SetArgDisplayNames($"{kind} conv 2x20x24");
        }
    }

    [TestCaseSource(nameof(Specs))]
    public void ParameterCount_EqualsTheBuiltNetworks(object specObject) // NetworkSpec is internal
    {
        var spec = (NetworkSpec)specObject;
        using var network = EnergyNetworks.Create(spec);
        long actual = network.Module.parameters().Sum(p => p.NumberOfElements);
        Assert.That(spec.ParameterCount(), Is.EqualTo(actual));
    }

    [Test]
    public void ParameterCount_OfAbsurdDimensions_SaturatesInsteadOfOverflowing()
    {
        var spec = new NetworkSpec(1 << 26, 1 << 26, Enumerable.Repeat(1 << 26, 64).ToArray(), null, true, DecoderOutput.Linear);
        Assert.That(spec.ParameterCount(), Is.GreaterThan(1L << 58));
    }
}
