using System.Reflection;
using System.Reflection.Emit;

namespace Nae.MLNet.Tests.Torch;

/// <summary>
/// Reads the IL of compiled methods and resolves the methods they call (call, callvirt, newobj, ldftn), so a test can
/// check which library code reaches which TorchSharp member. Only what the IL names is seen: a virtual call is the
/// declared method, not an override.
/// </summary>
public static class IlCallScanner
{
    private static readonly Dictionary<short, OpCode> OpCodeByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every method and constructor declared by <paramref name="assembly"/>'s types, nested and compiler-generated ones included.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly) => assembly.GetTypes().SelectMany(t =>
        t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Cast<MethodBase>()
            .Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)));

    /// <summary>The methods <paramref name="method"/>'s body calls, in IL order; empty for abstract, extern and runtime methods.</summary>
    public static IReadOnlyList<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (InvalidOperationException) { il = null; }
        if (il is null) return Array.Empty<MethodBase>();
        var callees = new List<MethodBase>();
        Type[]? typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int offset = 0; offset < il.Length;)
        {
            short value = il[offset] == 0xFE ? (short)(0xFE00 | il[offset + 1]) : il[offset];
            var opCode = OpCodeByValue[value];
            offset += opCode.Size;
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                int token = BitConverter.ToInt32(il, offset);
                try
                {
                    if (method.Module.ResolveMethod(token, typeArguments, methodArguments) is MethodBase callee) callees.Add(callee);
                }
                catch (ArgumentException) { }
            }
            offset += OperandSize(opCode, il, offset);
        }
        return callees;
    }

    private static int OperandSize(OpCode opCode, byte[] il, int offset) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, offset),
        _ => 4,
    };
}
