using System.Text.RegularExpressions;
using Nae.MLNet.Errors;
using TorchSharp;

namespace Nae.MLNet.Torch;

/// <summary>Parses and checks the <see cref="EnergyDetectorOptions.Device"/> option; the one place a torch device is chosen.</summary>
internal static partial class DeviceSelection
{
    [GeneratedRegex("^(cpu|cuda(:[0-9]+)?)$")]
    private static partial Regex DevicePattern();

    public static bool IsValidName(string? device) => device is not null && DevicePattern().IsMatch(device);

    public static void ValidateName(string? device, string optionName)
    {
        if (!IsValidName(device))
            throw new ArgumentOutOfRangeException(optionName, device, ErrorMessages.DeviceName(device ?? "null"));
    }

    /// <summary>The torch device for a validated name; throws <see cref="NotSupportedException"/> when CUDA is asked for but absent.</summary>
    public static torch.Device Resolve(string device)
    {
        if (device.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
            throw new NotSupportedException(ErrorMessages.CudaUnavailable(device));
        return torch.device(device);
    }
}
