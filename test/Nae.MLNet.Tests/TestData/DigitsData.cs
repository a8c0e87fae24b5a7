using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Tests.TestData;

/// <summary>One row of the bundled UCI/sklearn 8×8 digits (src/Nae.MLNet.Cli/Data/digits.csv, CC BY 4.0).</summary>
public sealed class DigitRow
{
    public int Id { get; set; }

    [VectorType(64)]
    public float[] Pixels { get; set; } = Array.Empty<float>();

    public int Digit { get; set; }

    /// <summary>1 = anomaly (the held-out digit), 0 = normal.</summary>
    public float Label { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>Score columns read back by PredictionEngine.</summary>
public sealed class ScoreRow
{
    public float Score { get; set; }
    public bool PredictedLabel { get; set; }
}

/// <summary>The 1797 real digits, split deterministically for hold-out-class tests.</summary>
public static class DigitsData
{
    private static readonly Lazy<DigitRow[]> Rows = new(Load);

    public static IReadOnlyList<DigitRow> All => Rows.Value;

    /// <summary>Training rows: every row with index % 3 != 0 except the held-out digit.</summary>
    public static IEnumerable<DigitRow> Train(int heldOut) => All.Where(r => r.Id % 3 != 0 && r.Digit != heldOut);

    /// <summary>Test rows: every row with index % 3 == 0, labelled 1 when it is the held-out digit.</summary>
    public static IEnumerable<DigitRow> Test(int heldOut) => All.Where(r => r.Id % 3 == 0).Select(r => WithLabel(r, heldOut));

    public static DigitRow WithLabel(DigitRow r, int heldOut) => new()
    {
        Id = r.Id, Pixels = r.Pixels, Digit = r.Digit, Name = r.Name, Label = r.Digit == heldOut ? 1f : 0f,
    };

    /// <summary>Pixels → Features, min-max scaled to [0, 1] (the usual pipeline in front of a detector).</summary>
    public static IEstimator<ITransformer> Featurize(MLContext ml) =>
        ml.Transforms.CopyColumns("Features", nameof(DigitRow.Pixels)).Append(ml.Transforms.NormalizeMinMax("Features"));

    private static DigitRow[] Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv");
        return File.ReadLines(path).Skip(1).Select((line, i) =>
        {
            var values = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new DigitRow { Id = i, Pixels = values[..64], Digit = (int)values[64], Name = $"row{i}" };
        }).ToArray();
    }
}
