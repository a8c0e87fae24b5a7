namespace Nae.MLNet.Persistence;

/// <summary>
/// Reads whose size comes from the file itself: memory grows with the bytes actually present, never with the count a
/// (possibly damaged) header claims, so a flipped length byte costs at most the file's own size before the stream ends.
/// </summary>
internal static class BoundedReads
{
    private const int Chunk = 1 << 20;

    /// <summary>Exactly <paramref name="count"/> bytes, read in chunks of at most 1 MiB.</summary>
    /// <exception cref="EndOfStreamException">The stream holds fewer bytes.</exception>
    public static byte[] Bytes(BinaryReader reader, long count)
    {
        using var buffer = new MemoryStream((int)Math.Min(count, Chunk));
        for (long left = count; left > 0;)
        {
            var chunk = reader.ReadBytes((int)Math.Min(left, Chunk));
            if (chunk.Length == 0) throw new EndOfStreamException();
            buffer.Write(chunk);
            left -= chunk.Length;
        }
        return buffer.ToArray();
    }

    /// <summary><paramref name="count"/> items read one by one into a list that grows as they arrive.</summary>
    public static T[] Items<T>(BinaryReader reader, int count, Func<BinaryReader, T> read)
    {
        var items = new List<T>(Math.Min(count, 1 << 12));
        for (int i = 0; i < count; i++) items.Add(read(reader));
        return items.ToArray();
    }
}
