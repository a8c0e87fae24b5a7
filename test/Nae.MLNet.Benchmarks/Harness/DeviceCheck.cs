using TorchSharp;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>Checks <c>--device</c> before a suite starts, so that a missing GPU fails in a second, not after an hour.</summary>
public static class DeviceCheck
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="device"/> is neither "cpu" nor a CUDA device this process can use.</summary>
    public static void Require(string device)
    {
        if (device == "cpu") return;
        if (!device.StartsWith("cuda", StringComparison.Ordinal))
            throw new ArgumentException($"--device must be 'cpu', 'cuda' or 'cuda:N', but was '{device}'.");
        if (!torch.cuda.is_available())
            throw new ArgumentException($"--device {device}: no CUDA device is available to this process (the loaded libtorch is the CPU build " +
                "here; build with -p:TorchBackend=cuda-windows on a Windows GPU machine, see docs/getting-started.md).");
    }
}
