using System.Globalization;

namespace Nae.MLNet.Errors;

/// <summary>Range checks for options; each throws <see cref="ArgumentOutOfRangeException"/> naming the option and its range.</summary>
internal static class OptionChecks
{
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value, $"at least {minimum}"));
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value, "a finite number greater than 0"));
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value, "a finite number of at least 0"));
    }

    public static void OpenInterval(double value, double low, double high, string name)
    {
        if (!(value > low && value < high))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value,
                string.Create(CultureInfo.InvariantCulture, $"greater than {low} and less than {high}")));
    }

    public static void HalfOpenInterval(double value, double low, double high, string name)
    {
        if (!(value >= low && value < high))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value,
                string.Create(CultureInfo.InvariantCulture, $"at least {low} and less than {high}")));
    }

    public static void ClosedInterval(double value, double low, double high, string name)
    {
        if (!(value >= low && value <= high))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value,
                string.Create(CultureInfo.InvariantCulture, $"between {low} and {high}")));
    }

    public static void Defined<TEnum>(TEnum value, string name) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(name, value, ErrorMessages.OptionOutOfRange(name, value, "one of " + string.Join(", ", Enum.GetNames<TEnum>())));
    }

    /// <summary>The checks shared by the energy phases' options (NAE, MPDR).</summary>
    public static void EnergyPhase(IEnergyPhaseOptions options)
    {
        Defined(options.DivergenceRecovery, nameof(options.DivergenceRecovery));
        AtLeast(options.MaxDivergenceRecoveries, 0, nameof(options.MaxDivergenceRecoveries));
        if (options.ReportInterval is int interval) AtLeast(interval, 1, nameof(options.ReportInterval));
        ClosedInterval(options.WeightAveragingFraction, 0, 1, nameof(options.WeightAveragingFraction));
        ClosedInterval(options.LearningRateDecayFraction, 0, 1, nameof(options.LearningRateDecayFraction));
        ClosedInterval(options.FinalLearningRateFactor, 0, 1, nameof(options.FinalLearningRateFactor));
    }
}
