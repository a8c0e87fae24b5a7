namespace Nae.MLNet.AutoML;

/// <summary>
/// Declares the range a numeric option is swept over. Put it on a property of a search-space class whose name is the
/// option's name (for example <c>LearningRate</c>); the property's initial value is where the search starts.
/// </summary>
/// <param name="min">The smallest value.</param>
/// <param name="max">The largest value (an int property's range includes it).</param>
/// <param name="logBase">Whether values are spread evenly on a log scale (learning rates, penalties, sizes).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double min, double max, bool logBase = false) : Attribute
{
    /// <summary>The smallest value.</summary>
    public double Min { get; } = min;

    /// <summary>The largest value.</summary>
    public double Max { get; } = max;

    /// <summary>Whether values are spread evenly on a log scale.</summary>
    public bool LogBase { get; } = logBase;
}

/// <summary>
/// Declares the values an option is chosen from. Put it on a property of a search-space class whose name is the
/// option's name; the property's initial value (one of the choices) is where the search starts. Array options take
/// comma-separated strings ("128,64").
/// </summary>
/// <param name="choices">The values, of the property's type.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoiceAttribute(params object[] choices) : Attribute
{
    /// <summary>The values.</summary>
    public IReadOnlyList<object> Choices { get; } = choices;
}
