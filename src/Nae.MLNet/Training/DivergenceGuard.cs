namespace Nae.MLNet.Training;

/// <summary>
/// Detects diverging energy-based training: non-finite loss or energies, or a negative energy running away from its
/// recent history (the MPDR reference's detector: after a warm-up, neg_e &gt; mean + 6·max(std, 0.1) over a rolling
/// window and neg_e &gt; 0.2). The window scales with the run (the reference's 1000 / 2000 iterations for long runs).
/// </summary>
internal sealed class DivergenceGuard
{
    private const double Sigmas = 6, MinStd = 0.1, MinRunaway = 0.2;
    private readonly Queue<double> _window = new();
    private readonly int _capacity, _warmup;
    private double _sum, _sumSquares;
    private int _seen;

    public DivergenceGuard(long totalUpdates)
    {
        _capacity = (int)Math.Clamp(totalUpdates / 10, 20, 1000);
        _warmup = (int)Math.Clamp(totalUpdates / 5, 20, 2000);
    }

    /// <summary>Returns why training diverged, or null when the update looks healthy (and is added to the window).</summary>
    public string? Check(double loss, double positiveEnergy, double negativeEnergy)
    {
        if (!double.IsFinite(loss) || !double.IsFinite(positiveEnergy) || !double.IsFinite(negativeEnergy))
            return $"a non-finite value appeared (loss {loss}, positive energy {positiveEnergy}, negative energy {negativeEnergy})";
        if (_seen >= _warmup && _window.Count > 1)
        {
            double mean = _sum / _window.Count;
            double std = Math.Sqrt(Math.Max(0, _sumSquares / _window.Count - mean * mean));
            if (negativeEnergy > mean + Sigmas * Math.Max(std, MinStd) && negativeEnergy > MinRunaway)
                return $"the negative energy ran away ({negativeEnergy:G4}, recent mean {mean:G4}, std {std:G4})";
        }
        _window.Enqueue(negativeEnergy);
        _sum += negativeEnergy;
        _sumSquares += negativeEnergy * negativeEnergy;
        if (_window.Count > _capacity)
        {
            double old = _window.Dequeue();
            _sum -= old;
            _sumSquares -= old * old;
        }
        _seen++;
        return null;
    }

    public void Reset()
    {
        _window.Clear();
        _sum = _sumSquares = 0;
        _seen = 0;
    }
}
