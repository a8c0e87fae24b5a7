using Nae.MLNet.Errors;
using TorchSharp;

namespace Nae.MLNet.Torch;

/// <summary>The one place a torch device is made from a device name (checked by <see cref="DeviceNames"/>).</summary>
internal static class DeviceSelection
{
    /// <summary>Whether this libtorch build can run on a GPU now.</summary>
    public static bool CudaAvailable => torch.cuda.is_available();

    /// <summary>The device a saved model loads onto: its training device, or the CPU when that was a GPU and none is visible.</summary>
    public static torch.Device ForLoading(string savedDevice) =>
        Resolve(DeviceNames.IsCuda(savedDevice) && !CudaAvailable ? DeviceNames.Cpu : savedDevice);

    /// <summary>The torch device for a validated name; throws <see cref="NotSupportedException"/> when CUDA is asked for but absent.</summary>
    public static torch.Device Resolve(string device)
    {
        if (DeviceNames.IsCuda(device) && !CudaAvailable)
            throw new NotSupportedException(ErrorMessages.CudaUnavailable(device));
        return torch.device(device);
    }
}
