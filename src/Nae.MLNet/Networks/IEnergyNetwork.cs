using static TorchSharp.torch;

namespace Nae.MLNet.Networks;

/// <summary>A trained network that scores rows: its energy is the anomaly score (higher = more anomalous).</summary>
internal interface IEnergyNetwork : IDisposable
{
    /// <summary>The saved description the network is rebuilt from.</summary>
    NetworkSpec Spec { get; }

    /// <summary>The torch module holding every parameter and buffer (what is saved and loaded).</summary>
    nn.Module Module { get; }

    /// <summary>Per-sample energy: x [B, D] → E [B].</summary>
    Tensor Energy(Tensor x);

    /// <summary>Whether the energy decomposes per feature (<see cref="Contributions"/> gives its terms).</summary>
    bool HasContributions { get; }

    /// <summary>Each feature's share of the energy, [B, D], summing over features to <see cref="Energy"/>; null when
    /// <see cref="HasContributions"/> is false (a scalar energy network).</summary>
    Tensor? Contributions(Tensor x);
}
