using System.Text;
using TorchSharp;

namespace Nae.MLNet.Persistence;

/// <summary>
/// Checks a TorchSharp state dict (the bytes <c>Module.save</c> wrote) against the network it is about to be loaded
/// into, before TorchSharp reads it: entry count, every key once, element type, rank, shape, and that the data of each
/// tensor is present and nothing follows. TorchSharp itself allocates whatever the bytes claim (a rank of 2^28 is a
/// <c>long[2^28]</c>), so a damaged file must never reach it unchecked.
/// </summary>
/// <remarks>The layout (TorchSharp's Module.save): LEB128 entry count; per entry a length-prefixed UTF-8 key, then the
/// tensor: LEB128 element type, LEB128 rank, LEB128 dimensions, then the raw elements.</remarks>
internal static class StateDictCheck
{
    private const int MaxRank = 8;

    /// <summary>Throws a <see cref="FormatException"/> from <paramref name="invalid"/> (field, problem) at the first inconsistency.</summary>
    public static void Validate(byte[] weights, torch.nn.Module network, Func<string, string, FormatException> invalid)
    {
        var expected = network.state_dict().ToDictionary(e => e.Key, e => (Type: e.Value.dtype, Shape: e.Value.shape, Bytes: e.Value.NumberOfElements * e.Value.ElementSize));
        using var reader = new BinaryReader(new MemoryStream(weights, writable: false), Encoding.UTF8);
        long count = Leb128(reader, "the state dict entry count", invalid);
        if (count != expected.Count) throw invalid("the state dict entry count", $"is {count}, but the network has {expected.Count} tensors");
        var seen = new HashSet<string>();
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            if (!expected.TryGetValue(key, out var tensor)) throw invalid("a state dict key", $"'{Printable(key)}' is not a tensor of this network");
            if (!seen.Add(key)) throw invalid("a state dict key", $"'{key}' appears twice");
            string field = $"tensor '{key}'";
            long type = Leb128(reader, field, invalid);
            if (type != (long)tensor.Type) throw invalid(field, $"has element type {type}, expected {tensor.Type}");
            long rank = Leb128(reader, field, invalid);
            if (rank != tensor.Shape.Length || rank > MaxRank) throw invalid(field, $"has rank {rank}, expected {tensor.Shape.Length}");
            for (int d = 0; d < rank; d++)
            {
                long size = Leb128(reader, field, invalid);
                if (size != tensor.Shape[d]) throw invalid(field, $"has size {size} in dimension {d}, expected {tensor.Shape[d]}");
            }
            if (reader.BaseStream.Length - reader.BaseStream.Position < tensor.Bytes) throw invalid(field, "is truncated");
            reader.BaseStream.Seek(tensor.Bytes, SeekOrigin.Current);
        }
        if (reader.BaseStream.Position != reader.BaseStream.Length)
            throw invalid("the weights", $"have {reader.BaseStream.Length - reader.BaseStream.Position} bytes after the last tensor");
    }

    /// <summary>Throws when a loaded tensor holds NaN or ±∞ (a damaged weight byte can make one; a trained model never has one).</summary>
    public static void RequireFinite(torch.nn.Module network, Func<string, string, FormatException> invalid)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (key, tensor) in network.state_dict())
            if (!tensor.isfinite().all().item<bool>()) throw invalid($"tensor '{key}'", "holds NaN or infinite values");
    }

    /// <summary>TorchSharp's unsigned LEB128, limited to the 9 bytes a non-negative long needs.</summary>
    private static long Leb128(BinaryReader reader, string field, Func<string, string, FormatException> invalid)
    {
        long result = 0;
        for (int i = 0; i < 9; i++)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) return result;
        }
        throw invalid(field, "holds an over-long number");
    }

    private static string Printable(string key) => string.Concat(key.Take(64).Where(c => !char.IsControl(c)));
}
