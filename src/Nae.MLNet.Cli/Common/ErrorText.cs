namespace Nae.MLNet.Cli;

/// <summary>One-line error messages for the console: the exception that names the problem (not its reflection or ML.NET
/// wrappers), its first line only, without .NET's "(Parameter 'x')" and "Actual value was" suffixes.</summary>
internal static class ErrorText
{
    public static string OneLine(Exception error)
    {
        var cause = error;
        while (cause is System.Reflection.TargetInvocationException or AggregateException && cause.InnerException is not null) cause = cause.InnerException;
        if (cause is InvalidOperationException { InnerException: { } inner } && cause.Message.StartsWith("Error during class instantiation", StringComparison.Ordinal))
            return OneLine(inner);
        string message = cause is ArgumentException argument && argument.ParamName is { } name
            ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : cause.Message;
        return $"{cause.GetType().Name}: {message.Split('\n')[0].Trim()}";
    }
}
