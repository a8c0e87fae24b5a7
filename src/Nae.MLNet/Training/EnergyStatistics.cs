using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>Mean energies without gradients, in batches.</summary>
internal static class EnergyStatistics
{
    /// <summary>Mean energy of the rows of <paramref name="x"/> under <paramref name="network"/> (eval mode, no_grad), in batches.</summary>
    public static double Mean(IEnergyNetwork network, Tensor x, int batchSize = int.MaxValue)
    {
        bool wasTraining = network.Module.training;
        network.Module.eval();
        using var noGrad = torch.no_grad();
        double sum = 0;
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            sum += network.Energy(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start))).sum().item<float>();
        }
        network.Module.train(wasTraining);
        return sum / x.shape[0];
    }
}
