using System.Text;

namespace Nae.MLNet.Benchmarks.Harness;

/// <summary>Writes a float32 matrix as a NumPy .npy file (format 1.0, C order), so Python reads exactly the rows C# used.</summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="rows"/> (all of one width) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<float[]> rows)
    {
        int width = rows.Count == 0 ? 0 : rows[0].Length;
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {width}), }}";
        int unpadded = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - unpadded % 64) % 64) + "\n";
        using var stream = new BufferedStream(File.Create(path));
        using var writer = new BinaryWriter(stream);
        writer.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
        writer.Write((ushort)header.Length);
        writer.Write(Encoding.ASCII.GetBytes(header));
        foreach (var row in rows)
        {
            if (row.Length != width) throw new ArgumentException($"Every row must have {width} values, but one has {row.Length}.");
            foreach (float value in row) writer.Write(value);
        }
    }
}
