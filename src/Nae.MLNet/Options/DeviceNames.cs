using System.Text.RegularExpressions;
using Nae.MLNet.Errors;

namespace Nae.MLNet;

/// <summary>The device names the options and model files accept: "cpu", "cuda" or "cuda:N".</summary>
internal static partial class DeviceNames
{
    /// <summary>The device used when neither <see cref="EnergyDetectorOptions.Device"/> nor <c>MLContext.GpuDeviceId</c> is set.</summary>
    public const string Cpu = "cpu";

    [GeneratedRegex("^(cpu|cuda(:[0-9]+)?)$")]
    private static partial Regex DevicePattern();

    public static bool IsValid(string? device) => device is not null && DevicePattern().IsMatch(device);

    public static bool IsCuda(string device) => device.StartsWith("cuda", StringComparison.Ordinal);

    /// <summary>The name of GPU <paramref name="id"/>, as <c>MLContext.GpuDeviceId</c> gives it.</summary>
    public static string Cuda(int id) => FormattableString.Invariant($"cuda:{id}");

    /// <summary>Throws when <paramref name="device"/> is set and is not a device name.</summary>
    public static void ValidateOptional(string? device, string optionName)
    {
        if (device is not null && !IsValid(device))
            throw new ArgumentOutOfRangeException(optionName, device, ErrorMessages.DeviceName(device));
    }
}
