using Nae.MLNet.Sampling;
using TorchSharp;

namespace Nae.MLNet.Tests.Sampling;

public class ReplayBufferTests
{
    [Test]
    public void Initial_EmptyBuffer_StartsEveryChainFresh()
    {
        using var buffer = new ReplayBuffer(100, 3, 0.95, new Random(1), torch.CPU);
        using var start = buffer.Initial(10, n => torch.full(n, 3, -1f));
        Assert.That(start.eq(-1).all().item<bool>(), Is.True);
    }

    [Test]
    public void Initial_DrawsTheReplayRatioFromTheBuffer()
    {
        using var buffer = new ReplayBuffer(1000, 3, 0.95, new Random(1), torch.CPU);
        using (var stored = torch.ones(1000, 3)) buffer.Push(stored);
        using var start = buffer.Initial(20000, n => torch.full(n, 3, -1f));
        double fromBuffer = start.select(1, 0).eq(1).to_type(torch.float32).mean().item<float>();
        Assert.That(fromBuffer, Is.EqualTo(0.95).Within(0.01));
    }

    [Test]
    public void Push_IsFifo_AndKeepsAtMostCapacityRows()
    {
        using var buffer = new ReplayBuffer(4, 1, 1.0, new Random(1), torch.CPU);
        using (var first = torch.tensor(new float[] { 1, 2, 3 }).reshape(3, 1)) buffer.Push(first);
        using (var second = torch.tensor(new float[] { 4, 5, 6 }).reshape(3, 1)) buffer.Push(second);
        using var drawn = buffer.Initial(4000, n => torch.zeros(n, 1));
        var values = drawn.data<float>().ToArray().Distinct().OrderBy(v => v).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(buffer.Count, Is.EqualTo(4));
            Assert.That(values, Is.EqualTo(new[] { 3f, 4f, 5f, 6f }), "the two oldest rows were overwritten");
        });
    }

    [Test]
    public void ZeroCapacity_NeverReplays()
    {
        using var buffer = new ReplayBuffer(0, 2, 0.95, new Random(1), torch.CPU);
        using (var stored = torch.ones(5, 2)) buffer.Push(stored);
        using var start = buffer.Initial(8, n => torch.zeros(n, 2));
        Assert.That(start.sum().item<float>(), Is.Zero);
    }
}
