using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Nae.MLNet.Persistence;

/// <summary>
/// ML.NET calls a loader by reflection, once per pipeline level, so a damaged detector's <see cref="FormatException"/>
/// reaches the caller inside <see cref="TargetInvocationException"/>s (and ML.NET's own "Error during class
/// instantiation" when it marks them). This finds the exception that names the problem.
/// </summary>
internal static class ModelLoadErrors
{
    private static readonly Assembly Library = typeof(ModelLoadErrors).Assembly;

    /// <summary>The exception this library threw, else the first one below the reflection wrappers and ML.NET's
    /// "Error during class instantiation" (for example ML.NET's own FormatException for a damaged zip header).</summary>
    public static Exception Unwrap(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e.TargetSite?.DeclaringType?.Assembly == Library && e is not TargetInvocationException) return e;
        var cause = error;
        while (IsWrapper(cause) && cause.InnerException is { } inner) cause = inner;
        return cause;
    }

    private static bool IsWrapper(Exception e) =>
        e is TargetInvocationException || (e is InvalidOperationException && e.Message.StartsWith(InstantiationError, StringComparison.Ordinal));

    /// <summary>ML.NET's wrapper around a loader's exception (ComponentCatalog.LoadableClassInfo.CreateInstanceCore).</summary>
    private const string InstantiationError = "Error during class instantiation";

    /// <summary>Rethrows <paramref name="cause"/> with its original stack trace (the return value satisfies `throw`).</summary>
    public static Exception Rethrow(Exception cause)
    {
        ExceptionDispatchInfo.Capture(cause).Throw();
        return cause;
    }
}
