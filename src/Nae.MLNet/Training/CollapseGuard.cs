namespace Nae.MLNet.Training;

/// <summary>
/// Detects a collapsing energy, checked at every report: the energy's spread (standard deviation) on held-out normal rows
/// falling below 1/1000 of its value at the first report, or the positive and negative energies both shrinking below
/// 1/100 of their first-report values (as when MPDR-R's out_scale is walked to 0; checked for reconstruction energies only,
/// which are never negative: a scalar energy's level is arbitrary). Such a model ranks rows by numerical noise while every
/// divergence check stays calm.
/// </summary>
internal sealed class CollapseGuard(bool nonNegativeEnergy)
{
    /// <summary>How far the held-out spread may fall, relative to the first report.</summary>
    public const double SpreadShrink = 1e-3;

    /// <summary>How far both mean energies may fall together, relative to the first report.</summary>
    public const double EnergyShrink = 1e-2;

    private double? _firstPositive, _firstNegative, _firstSpread;

    /// <summary>Returns why the energy collapsed, or null (the first call records the reference values).</summary>
    /// <param name="positiveEnergy">Mean energy of the data in the report's updates.</param>
    /// <param name="negativeEnergy">Mean energy of the negatives in the report's updates.</param>
    /// <param name="validationSpread">Standard deviation of the energy over the held-out rows (NaN without them).</param>
    public string? Check(double positiveEnergy, double negativeEnergy, double validationSpread)
    {
        if (_firstPositive is not double firstPositive || _firstNegative is not double firstNegative)
        {
            _firstPositive = positiveEnergy;
            _firstNegative = negativeEnergy;
            _firstSpread = validationSpread;
            return null;
        }
        if (_firstSpread is double firstSpread && firstSpread > 0 && double.IsFinite(validationSpread) && validationSpread < SpreadShrink * firstSpread)
            return FormattableString.Invariant($"the energy collapsed: its spread on held-out normal rows fell to {validationSpread:G3} from {firstSpread:G3} at the first report");
        if (nonNegativeEnergy && Math.Abs(positiveEnergy) < EnergyShrink * Math.Abs(firstPositive) && Math.Abs(negativeEnergy) < EnergyShrink * Math.Abs(firstNegative))
            return FormattableString.Invariant(
                $"the energy collapsed: the positive and negative energies shrank together (E+ {positiveEnergy:G3} from {firstPositive:G3}, E- {negativeEnergy:G3} from {firstNegative:G3})");
        return null;
    }
}
