using Nae.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>Energies of rows already on the device, in batches, in eval mode and without gradients.</summary>
internal static class EnergyStatistics
{
    /// <summary>One energy per row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a time
    /// (one dispose scope per batch); the network's training mode is restored afterwards.</summary>
    public static float[] Energies(IEnergyNetwork network, Tensor x, int batchSize = int.MaxValue)
    {
        bool wasTraining = network.Module.training;
        network.Module.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var energies = new float[x.shape[0]];
            for (long start = 0; start < x.shape[0]; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                long count = Math.Min(batchSize, x.shape[0] - start);
                network.Energy(x.narrow(0, start, count)).cpu().data<float>().CopyTo(energies.AsSpan((int)start, (int)count));
            }
            return energies;
        }
        finally
        {
            network.Module.train(wasTraining);
        }
    }

    /// <summary>Mean energy of the rows of <paramref name="x"/>.</summary>
    public static double Mean(IEnergyNetwork network, Tensor x, int batchSize = int.MaxValue) =>
        Energies(network, x, batchSize).Average(e => (double)e);
}
