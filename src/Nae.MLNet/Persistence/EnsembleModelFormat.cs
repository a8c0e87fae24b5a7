using Nae.MLNet.Networks;

namespace Nae.MLNet.Persistence;

/// <summary>
/// The binary layout of a score ensemble inside an ML.NET model zip:
/// <code>
/// int32 magic 0x4545414E ("NAEE")   int32 layout version (1)   int64 n; byte[n] body; byte[32] SHA-256 of the body
/// body: string feature column; int32 batch size; float threshold; double false-positive rate; int32 calibration rows;
///       int32 m members; m × the member's detector body (DetectorModelFormat, layout 1)
/// </code>
/// Each member keeps its own sorted calibration scores (its detector body holds them): they define its empirical CDF.
/// </summary>
internal static class EnsembleModelFormat
{
    public static readonly ModelVersion Version = new("NAEENSMB", 0x00010001, 0x00010001, 0x00010001, "NaeMLNetScoreEnsemble");

    private const int Magic = 0x4545414E, LayoutVersion = 1, MaxMembers = 64;

    public static void Write(BinaryWriter writer, EnsembleState state, IReadOnlyList<(DetectorState State, IEnergyNetwork Network)> members) =>
        DetectorModelFormat.WriteDigested(writer, Magic, LayoutVersion, body =>
        {
            body.Write(state.FeatureColumnName);
            body.Write(state.BatchSize);
            body.Write(state.Threshold);
            body.Write(state.FalsePositiveRate);
            body.Write(state.CalibrationRowCount);
            body.Write(members.Count);
            foreach (var (memberState, network) in members) DetectorModelFormat.WriteBody(body, memberState, network);
        });

    public static (EnsembleState State, List<(DetectorState State, IEnergyNetwork Network)> Members) Read(BinaryReader reader)
    {
        var members = new List<(DetectorState State, IEnergyNetwork Network)>();
        try
        {
            if (reader.ReadInt32() != Magic) throw DetectorModelFormat.Invalid("the header", "is not a Nae.MLNet ensemble header");
            int layout = reader.ReadInt32();
            if (layout != LayoutVersion) throw DetectorModelFormat.Invalid("the ensemble layout version", $"is {layout}, expected {LayoutVersion}");
            using var body = new BinaryReader(new MemoryStream(DetectorModelFormat.ReadDigestedBody(reader), writable: false), System.Text.Encoding.UTF8);
            string column = body.ReadString();
            int batch = body.ReadInt32();
            float threshold = body.ReadSingle();
            double rate = body.ReadDouble();
            int calibrationRows = body.ReadInt32();
            int count = body.ReadInt32();
            if (count < 1 || count > MaxMembers) throw DetectorModelFormat.Invalid("the member count", $"is {count}, outside [1, {MaxMembers}]");
            for (int i = 0; i < count; i++) members.Add(DetectorModelFormat.ReadBody(body));
            if (members.Any(m => m.Network.Spec.InputDimension != members[0].Network.Spec.InputDimension))
                throw DetectorModelFormat.Invalid("the members", "take feature vectors of different sizes");
            return (new EnsembleState(column, batch, threshold, rate, calibrationRows), members);
        }
        catch
        {
            foreach (var member in members) member.Network.Dispose();
            throw;
        }
    }
}

/// <summary>What a score ensemble stores besides its members.</summary>
internal sealed record EnsembleState(string FeatureColumnName, int BatchSize, float Threshold, double FalsePositiveRate, int CalibrationRowCount);
