using System.Globalization;

namespace Nae.MLNet.Cli.Datasets;

/// <summary>
/// The bundled digits under the hold-out-class protocol: train on the other nine digits of two thirds of the rows;
/// test on the remaining third, where the held-out digit is the anomaly.
/// </summary>
internal sealed record DigitsHoldout(int HeldOut, IReadOnlyList<DigitImage> Train, IReadOnlyList<DigitImage> Test)
{
    public static DigitsHoldout Load(int heldOut)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv");
        var all = File.ReadLines(path).Skip(1).Select((line, i) =>
        {
            var v = line.Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int digit = (int)v[64];
            return new DigitImage { Id = i, Pixels = v[..64], Digit = digit, Label = digit == heldOut ? 1 : 0 };
        }).ToList();
        return new DigitsHoldout(heldOut,
            all.Where(r => r.Id % 3 != 0 && r.Digit != heldOut).ToList(),
            all.Where(r => r.Id % 3 == 0).ToList());
    }
}
