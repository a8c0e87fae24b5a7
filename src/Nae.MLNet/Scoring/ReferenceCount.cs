namespace Nae.MLNet.Scoring;

/// <summary>
/// The owners of a shared native resource (a scorer's network): one at creation, one more per <see cref="Acquire"/>,
/// one fewer per <see cref="Release"/>; the last release frees it, and a freed resource cannot be acquired again.
/// </summary>
internal sealed class ReferenceCount(Action free)
{
    private int _owners = 1;

    public bool IsReleased => Volatile.Read(ref _owners) <= 0;

    /// <exception cref="ObjectDisposedException">The resource was already freed.</exception>
    public void Acquire()
    {
        for (int owners = Volatile.Read(ref _owners); ; owners = Volatile.Read(ref _owners))
        {
            if (owners <= 0) throw Released();
            if (Interlocked.CompareExchange(ref _owners, owners + 1, owners) == owners) return;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _owners) == 0) free();
    }

    /// <exception cref="ObjectDisposedException">The resource was already freed.</exception>
    public void ThrowIfReleased()
    {
        if (IsReleased) throw Released();
    }

    private static ObjectDisposedException Released() => new("model", Errors.ErrorMessages.ModelDisposed());
}

/// <summary>The scoring contract shared by every scorer: a row with a NaN or infinite feature scores +∞.</summary>
internal static class FiniteRows
{
    public static bool AllFinite(ReadOnlySpan<float> row)
    {
        foreach (float value in row)
            if (!float.IsFinite(value)) return false;
        return true;
    }

    /// <summary>Whether row <paramref name="row"/> of row-major <paramref name="features"/> (width <paramref name="width"/>) is finite.</summary>
    public static bool RowIsFinite(float[] features, int row, int width) => AllFinite(features.AsSpan(row * width, width));
}
