using System.IO.Compression;

namespace Nae.MLNet.ModelFuzz;

/// <summary>Reads and rewrites the detector's stream (Model.key) inside a saved model zip, and finds its fields, so that
/// tests can damage a model file where they mean to.</summary>
public static class ModelFiles
{
    /// <summary>The detector stream's bytes.</summary>
    public static byte[] ReadDetectorStream(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var stream = DetectorEntry(zip).Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>A copy of <paramref name="zipPath"/> at <paramref name="targetPath"/> whose detector stream is <paramref name="content"/>.</summary>
    public static void WriteWithDetectorStream(string zipPath, string targetPath, byte[] content)
    {
        File.Copy(zipPath, targetPath, overwrite: true);
        using var zip = ZipFile.Open(targetPath, ZipArchiveMode.Update);
        var entry = DetectorEntry(zip);
        string name = entry.FullName;
        entry.Delete();
        using var write = zip.CreateEntry(name).Open();
        write.Write(content);
    }

    /// <summary>Where the fields of a detector stream start (offsets into it; ML.NET's header comes first).</summary>
    public sealed record Layout(int Magic, int ScoreCount, int HistoryCount, int Spec, int HiddenSizes, int WeightLength, int Weights)
    {
        /// <summary>Offset of the first tensor's rank in the state dict (after the entry count, the key and the element type).</summary>
        public int FirstTensorRank(byte[] content)
        {
            int position = Weights + 1; // entry count: one LEB128 byte for a small network
            int keyLength = content[position];
            return position + 1 + keyLength + 1; // key, then a one-byte element type
        }
    }

    /// <summary>Parses the detector stream up to its weights (layout 1, or the body of layout 2).</summary>
    public static Layout Locate(byte[] content)
    {
        int magic = IndexOf(content, Magic);
        using var reader = new BinaryReader(new MemoryStream(content));
        reader.BaseStream.Position = magic + 4;
        if (reader.ReadInt32() == 2) reader.ReadInt64(); // layout 2: the body's length, then the body
        reader.ReadString(); reader.ReadString(); reader.ReadInt32(); reader.ReadSingle(); reader.ReadString();
        int scoreCount = (int)reader.BaseStream.Position;
        int scores = reader.ReadInt32();
        reader.BaseStream.Position += 4L * scores;
        int historyCount = (int)reader.BaseStream.Position;
        int history = reader.ReadInt32();
        for (int i = 0; i < history; i++)
        {
            reader.BaseStream.Position += 4 + 4 + 4 + 8 + 8 + 8;
            int metrics = reader.ReadInt32();
            for (int m = 0; m < metrics; m++) { reader.ReadString(); reader.ReadDouble(); }
        }
        int spec = (int)reader.BaseStream.Position;
        reader.ReadInt32(); reader.ReadInt32();
        int layers = reader.ReadInt32();
        int hidden = (int)reader.BaseStream.Position;
        reader.BaseStream.Position += 4L * layers;
        if (reader.ReadBoolean()) reader.BaseStream.Position += 12;
        reader.ReadBoolean(); reader.ReadInt32(); reader.ReadInt32();
        int weightLength = (int)reader.BaseStream.Position;
        reader.ReadInt64();
        return new Layout(magic, scoreCount, historyCount, spec, hidden, weightLength, (int)reader.BaseStream.Position);
    }

    private static ZipArchiveEntry DetectorEntry(ZipArchive zip) =>
        zip.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && e.FullName.Contains("Transform_", StringComparison.Ordinal)
            && ContainsMagic(e));

    private static bool ContainsMagic(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return IndexOf(memory.ToArray(), Magic) >= 0;
    }

    /// <summary>"NAEM", then a layout version of 1 or 2 (little-endian int32).</summary>
    private static readonly byte[] Magic = { 0x4E, 0x41, 0x45, 0x4D };

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length + 4 <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle) && BitConverter.ToInt32(haystack, i + needle.Length) is 1 or 2) return i;
        return -1;
    }
}
