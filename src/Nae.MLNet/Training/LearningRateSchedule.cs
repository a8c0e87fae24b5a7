namespace Nae.MLNet.Training;

/// <summary>
/// The energy phases' learning-rate schedule: the rate is constant until the last <c>decayFraction</c> of the updates,
/// then falls along a half cosine to <c>finalFactor</c> times its value at the last update
/// (<c>factor = f + (1 − f)·(1 + cos(π·t)) / 2</c>, t from 1/n at the first decaying update to 1 at the last).
/// A factor multiplies whatever rate each optimizer has (e.g. after a divergence recovery lowered it).
/// </summary>
internal sealed class LearningRateSchedule
{
    private readonly long _total;
    private readonly long _decaying;
    private readonly double _finalFactor;

    public LearningRateSchedule(long total, double decayFraction, double finalFactor)
    {
        _total = total;
        _decaying = Math.Min(total, (long)Math.Round(decayFraction * total));
        _finalFactor = finalFactor;
    }

    /// <summary>The factor on the learning rate at update <paramref name="update"/> (1-based).</summary>
    public double Factor(long update)
    {
        long into = update - (_total - _decaying);
        if (_decaying == 0 || into <= 0) return 1;
        double t = (double)into / _decaying;
        return _finalFactor + (1 - _finalFactor) * (1 + Math.Cos(Math.PI * t)) / 2;
    }
}
