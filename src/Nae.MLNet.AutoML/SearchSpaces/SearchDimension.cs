using System.Globalization;

namespace Nae.MLNet.AutoML;

/// <summary>
/// One swept option: a numeric range (linear or log) or a list of choices, mapped to and from the unit interval so that
/// tuners work on points of [0, 1)^d whatever the options are.
/// </summary>
public sealed class SearchDimension
{
    internal SearchDimension(string name, Type valueType, double min, double max, bool logScale, IReadOnlyList<object>? choices, object init)
    {
        Name = name;
        ValueType = valueType;
        Min = min;
        Max = max;
        LogScale = logScale;
        Choices = choices;
        Init = init;
    }

    /// <summary>The option's name (a property of the detector's options).</summary>
    public string Name { get; }

    /// <summary>The option value's type (int, double, bool, string for arrays).</summary>
    public Type ValueType { get; }

    /// <summary>The range's smallest value (numeric dimensions).</summary>
    public double Min { get; }

    /// <summary>The range's largest value (numeric dimensions).</summary>
    public double Max { get; }

    /// <summary>Whether the range is spread on a log scale.</summary>
    public bool LogScale { get; }

    /// <summary>The choices, or null for a range.</summary>
    public IReadOnlyList<object>? Choices { get; }

    /// <summary>Where the search starts.</summary>
    public object Init { get; }

    /// <summary>The value at <paramref name="u"/> ∈ [0, 1).</summary>
    public object ValueAt(double u)
    {
        u = Math.Clamp(u, 0, 1 - 1e-12);
        if (Choices is not null) return Choices[(int)(u * Choices.Count)];
        if (ValueType == typeof(int))
            return LogScale
                ? (int)Math.Clamp(Math.Round(Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min)))), Min, Max)
                : (int)Math.Clamp(Math.Floor(Min + u * (Max - Min + 1)), Min, Max);
        return LogScale ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
    }

    /// <summary>The point of [0, 1) whose value is <paramref name="value"/> (the middle of its cell for choices and ints).</summary>
    public double PointOf(object value)
    {
        if (Choices is not null)
        {
            int index = Choices.ToList().FindIndex(c => Equals(c, value));
            return ((index < 0 ? 0 : index) + 0.5) / Choices.Count;
        }
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (ValueType == typeof(int) && !LogScale) return Math.Clamp((v - Min + 0.5) / (Max - Min + 1), 0, 1 - 1e-12);
        double u = LogScale ? (Math.Log(v) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (v - Min) / (Max - Min);
        return Math.Clamp(double.IsFinite(u) ? u : 0, 0, 1 - 1e-12);
    }

    /// <summary>This dimension with its range narrowed to [Min, <paramref name="max"/>] and its start at <paramref name="init"/>.</summary>
    internal SearchDimension WithMax(double max, object init) =>
        new(Name, ValueType, Min, Math.Max(Min, Math.Min(Max, max)), LogScale, Choices, init);

    /// <summary>This dimension starting at <paramref name="value"/> when it is one of the choices or within the range
    /// (converted to the dimension's type); unchanged otherwise.</summary>
    internal SearchDimension StartingAt(object value)
    {
        if (Choices is not null)
            return Choices.FirstOrDefault(c => Equals(c, value)) is { } choice ? new(Name, ValueType, Min, Max, LogScale, Choices, choice) : this;
        if (value is not (int or double or float)) return this;
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (!(v >= Min && v <= Max)) return this;
        object init = ValueType == typeof(int) ? (object)(int)Math.Round(v) : v;
        return new(Name, ValueType, Min, Max, LogScale, Choices, init);
    }

    /// <summary>"Name: [min, max] (log), init x" or "Name: {a, b}, init x".</summary>
    public override string ToString() => Choices is not null
        ? FormattableString.Invariant($"{Name}: {{{string.Join(", ", Choices)}}}, init {Init}")
        : FormattableString.Invariant($"{Name}: [{Min}, {Max}]{(LogScale ? " log" : "")}, init {Init}");
}
