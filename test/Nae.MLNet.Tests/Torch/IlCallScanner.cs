using System.Reflection;
using System.Reflection.Emit;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Torch;

/// <summary>
/// Reads the IL of compiled methods and resolves the methods they call (call, callvirt, newobj, ldftn), so a test can
/// check which library code reaches which TorchSharp member. Only what the IL names is seen: a virtual call is the
/// declared method, not an override.
/// </summary>
public static class IlCallScanner
{
    /// <summary>Every method and constructor declared by <paramref name="assembly"/>'s types, nested and compiler-generated ones included.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly) => assembly.GetTypes().SelectMany(t =>
        t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Cast<MethodBase>()
            .Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)));

    /// <summary>The methods <paramref name="method"/>'s body calls, in IL order; empty for abstract, extern and runtime methods.</summary>
    public static IReadOnlyList<MethodBase> Callees(MethodBase method) =>
        IlReader.Members(method, OperandType.InlineMethod).OfType<MethodBase>().ToList();
}
