using System.Reflection;
using Nae.MLNet.Torch;
using TorchSharp;

namespace Nae.MLNet.Tests.Torch;

/// <summary>
/// TorchSharp 0.107 frees a native scalar in the <see cref="Scalar"/>'s finalizer. A scalar made for one call
/// (<c>x.pow(2)</c>, or TorchSharp's own <c>a + b</c>, which is <c>a.add(b, 1)</c>) is unreachable while libtorch still
/// reads it, so a garbage collection at that moment frees it under libtorch's feet: "Expected false to be true ...
/// toFloat", seen in long benchmark runs and within seconds under <see cref="GarbageCollectionStressTests"/>. The
/// library therefore takes every scalar from <see cref="ScalarCache"/> and never calls a TorchSharp member that makes
/// one. This test reads the library's IL and enforces both rules.
/// </summary>
public class ScalarLifetimeTests
{
    /// <summary>Library code allowed to create scalars (a type, with its nested lambdas, or Type.Method), and why each is safe.</summary>
    private static readonly Dictionary<string, string> AllowedCreators = new()
    {
        ["ScalarCache"] = "the cache itself: each scalar lives for the process",
        ["AdamOptimizer.step"] = "the two per-step values are `using` locals, alive until disposed after the last use",
    };

    private static readonly Assembly TorchSharpAssembly = typeof(Scalar).Assembly;
    private readonly Dictionary<MethodBase, bool> _makesScalars = new();

    [Test]
    public void Library_NeverCreatesShortLivedScalars_NorCallsTorchSharpMembersThatDo()
    {
        var library = typeof(NormalizedAutoencoderOptions).Assembly;
        var violations = new List<string>();
        foreach (var method in IlCallScanner.MethodsOf(library))
        {
            var type = method.DeclaringType!;
            string outermost = type.DeclaringType?.Name ?? type.Name, name = $"{type.Name}.{method.Name}";
            if (type.DeclaringType is not null) name = $"{outermost}+{name}";
            bool mayCreate = AllowedCreators.ContainsKey(outermost) || AllowedCreators.ContainsKey(name);
            foreach (var callee in IlCallScanner.Callees(method).Distinct())
            {
                if (IsScalarFactory(callee))
                {
                    if (!mayCreate) violations.Add($"{name} creates a scalar ({Describe(callee)})");
                }
                else if (callee.DeclaringType?.Assembly == TorchSharpAssembly && MakesScalars(callee))
                    violations.Add($"{name} calls {Describe(callee)}, which creates a short-lived scalar");
            }
        }
        Assert.That(violations, Is.Empty, "Use ScalarCache.S(...) and the TensorArithmetic helpers instead:\n" + string.Join("\n", violations));
    }

    [Test]
    public void Scan_FindsTheKnownOffenders()
    {
        // the scan must see what the stress test showed: a + b and x.square() make a scalar per call
        var tensor = typeof(torch.Tensor);
        Assert.Multiple(() =>
        {
            Assert.That(MakesScalars(tensor.GetMethod("op_Addition", new[] { tensor, tensor })!), Is.True, "a + b");
            Assert.That(MakesScalars(tensor.GetMethod("square", Type.EmptyTypes)!), Is.True, "x.square()");
            Assert.That(MakesScalars(tensor.GetMethod("add_", new[] { typeof(Scalar) })!), Is.True, "x.add_(s)");
            Assert.That(MakesScalars(tensor.GetMethod("add", new[] { tensor, typeof(Scalar) })!), Is.False, "a.add(b, alpha)");
            Assert.That(MakesScalars(tensor.GetMethod("mul", new[] { tensor })!), Is.False, "a * b");
        });
    }

    private static bool IsScalarFactory(MethodBase method) =>
        method is MethodInfo m && m.ReturnType == typeof(Scalar) && m.IsStatic && m.DeclaringType?.Assembly == TorchSharpAssembly;

    /// <summary>Whether a TorchSharp member creates a scalar, itself or through the TorchSharp members it calls.</summary>
    private bool MakesScalars(MethodBase method)
    {
        if (_makesScalars.TryGetValue(method, out bool known)) return known;
        _makesScalars[method] = false; // cycles count as clean until shown otherwise
        bool makes = IlCallScanner.Callees(method).Any(c =>
            IsScalarFactory(c) || (c.DeclaringType?.Assembly == TorchSharpAssembly && MakesScalars(c)));
        return _makesScalars[method] = makes;
    }

    private static string Describe(MethodBase method) =>
        $"{method.DeclaringType?.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";
}
