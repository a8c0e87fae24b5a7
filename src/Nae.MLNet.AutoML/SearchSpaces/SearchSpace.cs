using System.Reflection;

namespace Nae.MLNet.AutoML;

/// <summary>
/// The options a detector is swept over, read from a class whose properties carry <see cref="RangeAttribute"/> or
/// <see cref="ChoiceAttribute"/> and are named after the options (see <see cref="DetectorSearchSpaces"/>). A point of
/// [0, 1)^d maps to a <see cref="Parameter"/>, so that tuners are generic.
/// </summary>
public sealed class SearchSpace
{
    private SearchSpace(IReadOnlyList<SearchDimension> dimensions) => Dimensions = dimensions;

    /// <summary>The swept options, in declaration order.</summary>
    public IReadOnlyList<SearchDimension> Dimensions { get; }

    /// <summary>The space declared by <typeparamref name="T"/>'s attributed properties; their initial values are the start.</summary>
    /// <exception cref="ArgumentException">A property's initial value is outside its range or choices.</exception>
    public static SearchSpace From<T>() where T : class, new() => From(typeof(T));

    /// <summary>The space declared by <paramref name="type"/>'s attributed properties (it needs a public parameterless constructor).</summary>
    public static SearchSpace From(Type type)
    {
        var defaults = Activator.CreateInstance(type)!;
        var dimensions = new List<SearchDimension>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.DeclaringType == type ? 1 : 0).ThenBy(p => p.MetadataToken))
        {
            object init = property.GetValue(defaults)!;
            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                double value = Convert.ToDouble(init, System.Globalization.CultureInfo.InvariantCulture);
                if (!(range.Min <= range.Max) || value < range.Min || value > range.Max || (range.LogBase && range.Min <= 0))
                    throw new ArgumentException($"{type.Name}.{property.Name}: the start {value} must lie in [{range.Min}, {range.Max}] (and a log range above 0).", nameof(type));
                dimensions.Add(new SearchDimension(property.Name, property.PropertyType, range.Min, range.Max, range.LogBase, null, init));
            }
            else if (property.GetCustomAttribute<ChoiceAttribute>() is { } choice)
            {
                if (!choice.Choices.Contains(init))
                    throw new ArgumentException($"{type.Name}.{property.Name}: the start {init} must be one of the choices.", nameof(type));
                dimensions.Add(new SearchDimension(property.Name, property.PropertyType, 0, 0, false, choice.Choices, init));
            }
        }
        return new SearchSpace(dimensions);
    }

    /// <summary>Where the search starts: every dimension at its initial value.</summary>
    public Parameter Init => new(Dimensions.ToDictionary(d => d.Name, d => d.Init));

    /// <summary>The parameter at <paramref name="point"/> (one coordinate in [0, 1) per dimension).</summary>
    public Parameter At(IReadOnlyList<double> point) => new(Dimensions.Select((d, i) => (d.Name, d.ValueAt(point[i]))).ToDictionary(p => p.Name, p => p.Item2));

    /// <summary>The point of <paramref name="parameter"/>.</summary>
    public double[] PointOf(Parameter parameter) => Dimensions.Select(d => d.PointOf(parameter[d.Name])).ToArray();

    /// <summary>A uniformly random parameter.</summary>
    public Parameter Sample(Random random) => At(Dimensions.Select(_ => random.NextDouble()).ToArray());

    /// <summary>This space starting where <paramref name="options"/> stand: each dimension whose option (the property of
    /// the same name) holds a value the dimension can take starts there (arrays as comma-separated text); the others keep
    /// their start.</summary>
    internal SearchSpace StartingAt(object options) => new(Dimensions.Select(d =>
    {
        object? value = options.GetType().GetProperty(d.Name)?.GetValue(options);
        if (value is int[] array) value = string.Join(",", array);
        return value is null ? d : d.StartingAt(value);
    }).ToList());

    /// <summary>This space with the named dimension's range capped at <paramref name="max"/> and its start moved (feature-count limits).</summary>
    internal SearchSpace Capped(string name, double max, object init) =>
        new(Dimensions.Select(d => d.Name == name && d.Choices is null ? d.WithMax(max, init) : d).ToList());
}
