using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>Energies of rows already on the device, in batches, in eval mode and without gradients.</summary>
internal static class EnergyStatistics
{
    /// <summary>One energy per row of <paramref name="x"/>.</summary>
    public static float[] Energies(IEnergyNetwork network, Tensor x, int batchSize = int.MaxValue)
    {
        var energies = new float[x.shape[0]];
        ForEachBatch(network, x, batchSize, (start, energy) =>
            energy.cpu().data<float>().CopyTo(energies.AsSpan((int)start, (int)energy.shape[0])));
        return energies;
    }

    /// <summary>Mean energy of the rows of <paramref name="x"/>.</summary>
    public static double Mean(IEnergyNetwork network, Tensor x, int batchSize = int.MaxValue)
    {
        double sum = 0;
        ForEachBatch(network, x, batchSize, (_, energy) => sum += energy.sum().item<float>());
        return sum / x.shape[0];
    }

    /// <summary>Runs the network on <paramref name="batchSize"/> rows at a time (one dispose scope per batch) and hands
    /// each batch's energies [n] with its first row index to <paramref name="use"/>; restores the training mode.</summary>
    private static void ForEachBatch(IEnergyNetwork network, Tensor x, int batchSize, Action<long, Tensor> use)
    {
        bool wasTraining = network.Module.training;
        network.Module.eval();
        try
        {
            using var noGrad = torch.no_grad();
            for (long start = 0; start < x.shape[0]; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                use(start, network.Energy(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start))));
            }
        }
        finally
        {
            network.Module.train(wasTraining);
        }
    }
}
