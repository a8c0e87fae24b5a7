using System.Collections.Concurrent;
using TorchSharp;

namespace Nae.MLNet.Torch;

/// <summary>
/// Long-lived TorchSharp scalars. A <c>double</c> passed to a tensor operation becomes a native <see cref="Scalar"/> that
/// TorchSharp 0.107 frees only in a finalizer and does not track in dispose scopes (dotnet/TorchSharp#1434, #1496); the
/// managed object can be collected while native code still reads it, which showed up as sporadic
/// "Scalar::toFloat" failures under multi-threaded scoring. Operations on hot paths take their constants from here
/// instead: each distinct value is created once and stays alive for the process. Values that change without bound
/// (e.g. a learned temperature) must use 0-dim tensors, which dispose scopes do track. TorchSharp members that make
/// scalars themselves (<c>a + b</c>, <c>square()</c>, <c>add_(s)</c>) are replaced by <see cref="TensorArithmetic"/>.
/// </summary>
internal static class ScalarCache
{
    /// <summary>Far above the number of distinct constants any configuration uses (options, σ / max(1, i) schedules).</summary>
    private const int Capacity = 100_000;
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    /// <summary>The process-lifetime scalar for <paramref name="value"/>.</summary>
    public static Scalar S(double value)
    {
        if (Cache.TryGetValue(value, out var scalar)) return scalar;
        if (Cache.Count >= Capacity)
            throw new InvalidOperationException(Errors.ErrorMessages.TooManyScalarConstants(Capacity));
        return Cache.GetOrAdd(value, v => v.ToScalar());
    }
}
