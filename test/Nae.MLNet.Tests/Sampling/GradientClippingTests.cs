using Nae.MLNet.Sampling;
using TorchSharp;

namespace Nae.MLNet.Tests.Sampling;

public class GradientClippingTests
{
    [Test]
    public void ElementWise_ClampsEachValue()
    {
        using var g = torch.tensor(new float[] { 0.5f, -0.002f, -3, 0.01f }, new long[] { 2, 2 });
        using var clipped = GradientClipping.Clip(g, 0.01, GradientClipMode.ElementWise);
        Assert.That(clipped.data<float>().ToArray(), Is.EqualTo(new[] { 0.01f, -0.002f, -0.01f, 0.01f }).Within(1e-7));
    }

    [Test]
    public void RowNorm_ScalesLongRowsToTheClip_AndLeavesShortRowsAlone()
    {
        // rows of width 2: (3, 4) has norm 5 → scaled to norm 1; (0.3, 0.4) has norm 0.5 → unchanged
        using var g = torch.tensor(new float[] { 3, 4, 0.3f, 0.4f }, new long[] { 1, 4 });
        using var clipped = GradientClipping.Clip(g, 1.0, GradientClipMode.RowNorm, rowWidth: 2);
        Assert.That(clipped.data<float>().ToArray(), Is.EqualTo(new[] { 0.6f, 0.8f, 0.3f, 0.4f }).Within(1e-6));
    }

    [Test]
    public void RowNorm_WithoutRowWidth_ClipsTheWholeVector()
    {
        using var g = torch.tensor(new float[] { 3, 4, 0, 0 }, new long[] { 1, 4 });
        using var clipped = GradientClipping.Clip(g, 0.5, GradientClipMode.RowNorm);
        Assert.That(clipped.data<float>().ToArray(), Is.EqualTo(new[] { 0.3f, 0.4f, 0f, 0f }).Within(1e-6));
    }

    [Test]
    public void NoClip_ReturnsTheGradient()
    {
        using var g = torch.tensor(new float[] { 30, -40 });
        Assert.That(GradientClipping.Clip(g, null, GradientClipMode.ElementWise).data<float>().ToArray(), Is.EqualTo(new[] { 30f, -40f }));
    }
}
