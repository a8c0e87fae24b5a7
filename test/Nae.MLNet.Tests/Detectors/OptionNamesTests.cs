using System.Reflection;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>One name per knob: setting any option of any detector changes that option and no other (no aliases).</summary>
public class OptionNamesTests
{
    [TestCaseSource(typeof(TestModels), nameof(TestModels.Detectors))]
    public void SettingAnOption_ChangesNoOtherOption(DetectorInfo detector)
    {
        var options = detector.CreateOptions(DetectorPreset.Fast);
        var properties = options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite).ToList();
        Assert.That(properties, Has.Count.GreaterThan(10));
        foreach (var property in properties)
        {
            var before = properties.ToDictionary(p => p.Name, p => Describe(p.GetValue(options)));
            property.SetValue(options, Different(property.PropertyType, property.GetValue(options)));
            Assert.That(Describe(property.GetValue(options)), Is.Not.EqualTo(before[property.Name]), $"{property.Name} took the new value");
            var alsoChanged = properties.Where(p => p != property && Describe(p.GetValue(options)) != before[p.Name]).Select(p => p.Name);
            Assert.That(alsoChanged, Is.Empty, $"setting {property.Name} also changed these options");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        int[] array => "{" + string.Join(",", array) + "}",
        CancellationToken token => token.CanBeCanceled ? "token" : "none",
        _ => value.ToString() ?? "",
    };

    /// <summary>A value of <paramref name="type"/> other than <paramref name="current"/>.</summary>
    private static object? Different(Type type, object? current)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(int)) return current is int i ? i + 1 : 3;
        if (target == typeof(double)) return current is double d ? d + 0.25 : 0.5;
        if (target == typeof(bool)) return current is not true;
        if (target == typeof(string)) return current is "cpu" ? "cuda:1" : "cpu";
        if (target == typeof(int[])) return new[] { 7, (current as int[])?.Length ?? 0 };
        if (target == typeof(ImageShape)) return current is null ? new ImageShape(1, 20, 20) : null;
        if (target == typeof(CancellationToken)) return new CancellationTokenSource().Token;
        if (target == typeof(IProgress<TrainingProgress>)) return new Progress<TrainingProgress>();
        if (target == typeof(TrainingCheck)) return current is null ? new TrainingCheck(new[] { new[] { 0f }, new[] { 1f } }, new[] { false, true }) : null;
        if (target.IsEnum)
        {
            var values = Enum.GetValues(target).Cast<object>().ToList();
            return values[(current is null ? 0 : values.IndexOf(current) + 1) % values.Count];
        }
        throw new NotSupportedException($"Add a different value for options of type {type.Name}.");
    }
}
