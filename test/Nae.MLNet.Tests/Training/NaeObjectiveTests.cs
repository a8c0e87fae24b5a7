using Nae.MLNet.Training;
using TorchSharp;

namespace Nae.MLNet.Tests.Training;

public class NaeObjectiveTests
{
    [Test]
    public void Loss_KnownAnswer()
    {
        // E+ = (1, 3), E- = (2, 4), T = 2, γ = 0.5: (2 − 3)/2 + 0.5 · (4 + 16)/2 = −0.5 + 5 = 4.5
        using var pos = torch.tensor(new float[] { 1, 3 });
        using var neg = torch.tensor(new float[] { 2, 4 });
        using var t = torch.tensor(2f);
        using var loss = NaeObjective.Loss(pos, neg, t, 0.5);
        Assert.That(loss.item<float>(), Is.EqualTo(4.5f).Within(1e-6));
    }

    [Test]
    public void Loss_SignConvention_LowersPositiveAndRaisesNegativeEnergy()
    {
        // Gradient descent on the loss must push E(x+) down and E(x-) up (γ = 0 isolates the contrastive term).
        using var pos = torch.tensor(new float[] { 1, 2, 3 }).requires_grad_(true);
        using var neg = torch.tensor(new float[] { 1, 2, 3 }).requires_grad_(true);
        using var t = torch.tensor(1f);
        NaeObjective.Loss(pos, neg, t, 0).backward();
        Assert.Multiple(() =>
        {
            Assert.That(pos.grad!.data<float>().ToArray(), Is.All.EqualTo(1f / 3).Within(1e-6), "∂L/∂E+ = 1/(B·T) > 0: descent lowers E+");
            Assert.That(neg.grad!.data<float>().ToArray(), Is.All.EqualTo(-1f / 3).Within(1e-6), "∂L/∂E- = −1/(B·T) < 0: descent raises E-");
        });
    }

    [Test]
    public void Loss_PenaltyActsOnNegativeEnergyOnly()
    {
        using var pos = torch.tensor(new float[] { 5 }).requires_grad_(true);
        using var neg = torch.tensor(new float[] { 2 }).requires_grad_(true);
        using var t = torch.tensor(1f);
        NaeObjective.Loss(pos, neg, t, 1.0).backward();
        Assert.Multiple(() =>
        {
            Assert.That(pos.grad!.item<float>(), Is.EqualTo(1f).Within(1e-6));
            Assert.That(neg.grad!.item<float>(), Is.EqualTo(-1f + 2 * 2).Within(1e-6), "−1/T + 2γE-");
        });
    }
}
