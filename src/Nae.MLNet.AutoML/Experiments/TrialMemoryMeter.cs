using System.Diagnostics;
using System.Globalization;

namespace Nae.MLNet.AutoML;

/// <summary>
/// Measures one trial's peak memory (the process's resident set, managed and native — libtorch's tensors included) and
/// enforces <see cref="AnomalyExperiment.SetMaximumMemoryUsageInMegaByte"/>. On Linux the kernel's high-water mark
/// (VmHWM) is reset when the trial starts (<c>/proc/self/clear_refs</c>) and read when it ends, so that the peak is the
/// trial's own and exact; elsewhere, and for the limit, the working set is sampled every 50 ms.
/// </summary>
internal sealed class TrialMemoryMeter : IDisposable
{
    private const int SampleMilliseconds = 50;
    private readonly double? _limitMegabytes;
    private readonly CancellationTokenSource _cancelTrial;
    private readonly bool _kernelPeak;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private double _sampledPeak;

    /// <summary>Starts measuring; exceeding <paramref name="limitMegabytes"/> cancels <paramref name="cancelTrial"/>.</summary>
    public TrialMemoryMeter(double? limitMegabytes, CancellationTokenSource cancelTrial)
    {
        _limitMegabytes = limitMegabytes;
        _cancelTrial = cancelTrial;
        _kernelPeak = ResetKernelPeak();
        Sample(null);
        _timer = new Timer(Sample, null, SampleMilliseconds, SampleMilliseconds);
    }

    /// <summary>Whether the trial went over the limit (and was cancelled for it).</summary>
    public bool Exceeded { get; private set; }

    /// <summary>The trial's peak resident memory so far, MiB.</summary>
    public double PeakMegabytes
    {
        get
        {
            Sample(null);
            lock (_gate) return Math.Max(_sampledPeak, _kernelPeak ? KernelPeakMegabytes() ?? 0 : 0);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample(object? state)
    {
        double now;
        using (var process = Process.GetCurrentProcess()) now = process.WorkingSet64 / 1048576.0;
        lock (_gate)
        {
            _sampledPeak = Math.Max(_sampledPeak, now);
            if (_limitMegabytes is double limit && now > limit && !Exceeded)
            {
                Exceeded = true;
                try { _cancelTrial.Cancel(); }
                catch (ObjectDisposedException) { } // the trial ended meanwhile
            }
        }
    }

    /// <summary>Resets the kernel's peak resident set of this process (Linux 4.0 and later); false where that is not possible.</summary>
    private static bool ResetKernelPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return KernelPeakMegabytes() is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>VmHWM from /proc/self/status, MiB; null when it cannot be read.</summary>
    private static double? KernelPeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && double.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double kilobytes))
                    return kilobytes / 1024;
        }
        catch (IOException) { }
        return null;
    }
}
