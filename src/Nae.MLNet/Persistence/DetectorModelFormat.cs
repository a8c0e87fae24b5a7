using System.Security.Cryptography;
using Nae.MLNet.Errors;
using Nae.MLNet.Networks;
using TorchSharp;

namespace Nae.MLNet.Persistence;

/// <summary>
/// The binary layout of a trained detector inside an ML.NET model zip (entry TransformerChain/Transform_NNN/Model.key).
/// <code>
/// int32  magic 0x4D45414E ("NAEM")      int32  layout version (2; 1 is still read)
/// layout 2: int64 n; byte[n] body; byte[32] SHA-256 of the body      layout 1: the body itself
/// body:
/// string detector name                   string feature column name
/// int32  batch size                      float  threshold                string device
/// int32  n; float[n] sorted calibration scores
/// int32  n; n × history entry: int32 phase, int32 epoch, int32 total epochs, double training loss,
///        double validation loss, int64 elapsed ticks, int32 m, m × (string name, double value)
/// NetworkSpec (see NetworkSpec.Write)
/// int64  n; byte[n] TorchSharp state dict (Module.save)
/// </code>
/// Every count is checked against a bound, and every length against the bytes actually present, before anything is
/// allocated; the digest catches any other damage (a flipped weight or threshold byte) in files of layout 2. Any
/// inconsistency is a <see cref="FormatException"/> naming the entry and the field.
/// </summary>
internal static class DetectorModelFormat
{
    /// <summary>Written 0x00010002 (layout 2), readable only by versions that read layout 2; reads back to 0x00010001 (layout 1).</summary>
    public static readonly ModelVersion Version = new("NAEMLNET", 0x00010002, 0x00010002, 0x00010001, "NaeMLNetEnergyDetector");

    private const int Magic = 0x4D45414E, LayoutVersion = 2, FirstLayoutVersion = 1, DigestBytes = 32;
    private const long MaxBodyBytes = MaxWeightBytes + (1L << 31);
    private const int MaxScores = 100_000_000, MaxHistory = 1_000_000, MaxMetrics = 1_000, MaxBatch = 1 << 24;
    private const long MaxWeightBytes = 1L << 34; // 16 GiB; the bytes must also be present, see BoundedReads
    internal const string EntryName = "Model.key";

    public static void Write(BinaryWriter writer, DetectorState state, IEnergyNetwork network) =>
        WriteDigested(writer, Magic, LayoutVersion, bodyWriter => WriteBody(bodyWriter, state, network));

    /// <summary>magic, layout, int64 n, byte[n] body, byte[32] SHA-256 of the body.</summary>
    internal static void WriteDigested(BinaryWriter writer, int magic, int layout, Action<BinaryWriter> writeBody)
    {
        using var body = new MemoryStream();
        using (var bodyWriter = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
            writeBody(bodyWriter);
        var bytes = body.ToArray();
        writer.Write(magic);
        writer.Write(layout);
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
        writer.Write(SHA256.HashData(bytes));
    }

    /// <summary>The body after a magic and layout already read: its length, the bytes (as they arrive) and the digest check.</summary>
    internal static byte[] ReadDigestedBody(BinaryReader reader)
    {
        long length = reader.ReadInt64();
        if (length < 0 || length > MaxBodyBytes) throw Invalid("the body length", $"is {length}, outside [0, {MaxBodyBytes}]");
        var body = BoundedReads.Bytes(reader, length);
        var digest = reader.ReadBytes(DigestBytes);
        if (digest.Length != DigestBytes) throw new EndOfStreamException();
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(digest))
            throw Invalid("the checksum", "does not match the content: the file was damaged after it was saved");
        return body;
    }

    /// <summary>The body of layout 1 (also an ensemble member's record).</summary>
    internal static void WriteBody(BinaryWriter writer, DetectorState state, IEnergyNetwork network)
    {
        writer.Write(state.DetectorName);
        writer.Write(state.FeatureColumnName);
        writer.Write(state.BatchSize);
        writer.Write(state.Threshold);
        writer.Write(state.Device);
        writer.Write(state.CalibrationScores.Length);
        foreach (float score in state.CalibrationScores) writer.Write(score);
        writer.Write(state.History.Count);
        foreach (var entry in state.History) WriteHistoryEntry(writer, entry);
        network.Spec.Write(writer);
        using var weights = new MemoryStream();
        using (var weightWriter = new BinaryWriter(weights, System.Text.Encoding.UTF8, leaveOpen: true))
            network.Module.save(weightWriter);
        writer.Write(weights.Length);
        weights.Position = 0;
        writer.Flush();
        weights.CopyTo(writer.BaseStream);
    }

    public static (DetectorState State, IEnergyNetwork Network) Read(BinaryReader reader)
    {
        try
        {
            if (reader.ReadInt32() != Magic) throw Invalid("the header", "is not a Nae.MLNet header");
            int layout = reader.ReadInt32();
            if (layout == FirstLayoutVersion) return ReadBody(reader);
            if (layout != LayoutVersion) throw Invalid("the layout version", $"is {layout}, expected {FirstLayoutVersion} or {LayoutVersion}");
            var body = ReadDigestedBody(reader);
            using var bodyReader = new BinaryReader(new MemoryStream(body, writable: false), System.Text.Encoding.UTF8);
            var result = ReadBody(bodyReader);
            if (bodyReader.BaseStream.Position != body.Length)
            {
                result.Network.Dispose();
                throw Invalid("the body", $"has {body.Length - bodyReader.BaseStream.Position} bytes after the weights");
            }
            return result;
        }
        catch (EndOfStreamException)
        {
            throw Invalid("the stream", "ends early (the file is truncated)");
        }
        catch (FormatException e) when (!e.Data.Contains(OwnError))
        {
            // BinaryReader's own, for a damaged string length
            throw Invalid("a text field", $"is malformed ({e.Message})", e);
        }
        catch (Exception e) when (e is not FormatException)
        {
            // the first line only: libtorch appends its native stack to the message
            throw Invalid("the weights", $"could not be read ({e.Message.Split('\n')[0].Trim()})", e);
        }
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/>; throws <see cref="FormatException"/> (or EndOfStream) when it is damaged.</summary>
    internal static (DetectorState State, IEnergyNetwork Network) ReadBody(BinaryReader reader)
    {
        string detector = reader.ReadString();
        string column = reader.ReadString();
        int batchSize = Bounded(reader.ReadInt32(), 1, MaxBatch, "the batch size");
        float threshold = reader.ReadSingle();
        string device = reader.ReadString();
        if (!DeviceNames.IsValid(device)) throw Invalid("the device", $"'{device}' is not a device name");
        var scores = BoundedReads.Items(reader, Bounded(reader.ReadInt32(), 0, MaxScores, "the calibration score count"), r => r.ReadSingle());
        var history = BoundedReads.Items(reader, Bounded(reader.ReadInt32(), 0, MaxHistory, "the history length"), ReadHistoryEntry);
        var spec = NetworkSpec.Read(reader, field => Invalid(field, "is out of range"));
        long weightBytes = reader.ReadInt64();
        if (weightBytes < 0 || weightBytes > MaxWeightBytes) throw Invalid("the weight length", $"is {weightBytes}, outside [0, {MaxWeightBytes}]");
        // the bytes are read as they arrive, and must hold every parameter before the network is built
        var weights = BoundedReads.Bytes(reader, weightBytes);
        long parameterBytes = spec.ParameterCount() is var count && count <= long.MaxValue / sizeof(float) ? count * sizeof(float) : long.MaxValue;
        if (parameterBytes > weights.Length)
            throw Invalid("the network description", $"needs {parameterBytes} bytes of parameters, but the weights hold {weights.Length}");
        var network = EnergyNetworks.Create(spec);
        try
        {
            StateDictCheck.Validate(weights, network.Module, Invalid);
            network.Module.load(new BinaryReader(new MemoryStream(weights, writable: false)));
            StateDictCheck.RequireFinite(network.Module, Invalid);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return (new DetectorState(detector, column, batchSize, threshold, scores, history, device), network);
    }

    private static void WriteHistoryEntry(BinaryWriter writer, TrainingProgress entry)
    {
        writer.Write((int)entry.Phase);
        writer.Write(entry.Epoch);
        writer.Write(entry.TotalEpochs);
        writer.Write(entry.TrainingLoss);
        writer.Write(entry.ValidationLoss);
        writer.Write(entry.Elapsed.Ticks);
        writer.Write(entry.Metrics.Count);
        foreach (var (name, value) in entry.Metrics)
        {
            writer.Write(name);
            writer.Write(value);
        }
    }

    private static TrainingProgress ReadHistoryEntry(BinaryReader reader)
    {
        int phase = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(TrainingPhase), phase)) throw Invalid("a history phase", "is unknown");
        int epoch = reader.ReadInt32(), total = reader.ReadInt32();
        double loss = reader.ReadDouble(), validation = reader.ReadDouble();
        long ticks = reader.ReadInt64();
        var metrics = new Dictionary<string, double>();
        int count = Bounded(reader.ReadInt32(), 0, MaxMetrics, "a history metric count");
        for (int i = 0; i < count; i++) metrics[reader.ReadString()] = reader.ReadDouble();
        return new TrainingProgress((TrainingPhase)phase, epoch, total, loss, validation, TimeSpan.FromTicks(ticks), metrics);
    }

    private static int Bounded(int value, int min, int max, string field) =>
        value >= min && value <= max ? value : throw Invalid(field, $"is {value}, outside [{min}, {max}]");

    /// <summary>The error for <paramref name="field"/>, marked as this reader's own (it already names the entry and the field).</summary>
    internal static FormatException Invalid(string field, string problem) => Invalid(field, problem, null);

    internal static FormatException Invalid(string field, string problem, Exception? inner)
    {
        var error = new FormatException(ErrorMessages.ModelFormat(EntryName, field, problem), inner);
        error.Data[OwnError] = true;
        return error;
    }

    internal const string OwnError = "Nae.MLNet.ModelFormat";
}
