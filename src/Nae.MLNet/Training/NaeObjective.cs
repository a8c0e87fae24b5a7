using Nae.MLNet.Torch;
using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>
/// The NAE loss (<c>NAE_L2_OMI.train_step</c>): (mean E(x⁺) − mean E(x⁻)) / T + γ · mean(E(x⁻)²), plus the L2 penalties
/// added by the caller. Minimizing it lowers the energy of data and raises the energy of the model's own samples:
/// the maximum-likelihood gradient of p(x) = exp(−E(x)/T) / Ω.
/// </summary>
internal static class NaeObjective
{
    public static Tensor Loss(Tensor positiveEnergy, Tensor negativeEnergy, Tensor temperature, double negativeEnergyPenalty)
    {
        var loss = (positiveEnergy.mean() - negativeEnergy.mean()) / temperature;
        return negativeEnergyPenalty > 0 ? loss.Plus(S(negativeEnergyPenalty) * negativeEnergy.Squared().mean()) : loss;
    }
}
