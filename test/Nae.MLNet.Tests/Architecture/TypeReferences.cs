using System.Reflection;
using System.Reflection.Emit;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.Architecture;

/// <summary>
/// Every type a compiled type refers to: base type and interfaces, fields, signatures of methods and properties,
/// local variables, attributes, and the types, methods and fields its IL names (with their generic arguments).
/// Nested and compiler-generated types (lambdas, closures, iterators) count as their outermost declaring type.
/// </summary>
public static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The outermost declaring type of <paramref name="type"/> (itself when it is not nested).</summary>
    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// <summary>For each outermost type of <paramref name="assembly"/>, the outermost types of the same assembly it refers to.</summary>
    public static Dictionary<Type, HashSet<Type>> Within(Assembly assembly)
    {
        var result = new Dictionary<Type, HashSet<Type>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = Outermost(type);
            if (!result.TryGetValue(from, out var targets)) result[from] = targets = new HashSet<Type>();
            foreach (var target in Of(type))
                if (target.Assembly == assembly && Outermost(target) != from) targets.Add(Outermost(target));
        }
        return result;
    }

    /// <summary>The types <paramref name="type"/>'s own declarations and code refer to (not those of its nested types).</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new List<Type>();
        if (type.BaseType is not null) found.Add(type.BaseType);
        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        foreach (var field in type.GetFields(Declared)) found.Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared)) found.Add(property.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) found.Add(info.ReturnType);
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            found.AddRange(method.GetCustomAttributesData().Select(a => a.AttributeType));
            found.AddRange(InBody(method));
        }
        return found.SelectMany(Expand).Distinct();
    }

    /// <summary>A type with its element and generic argument types, generic parameters left out.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var element in Expand(type.GetElementType()!)) yield return element;
            yield break;
        }
        if (type.IsGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand)) yield return argument;
            yield break;
        }
        yield return type;
    }

    private static IEnumerable<Type> InBody(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (InvalidOperationException) { body = null; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        foreach (var member in IlReader.Members(method, OperandType.InlineType, OperandType.InlineMethod, OperandType.InlineField, OperandType.InlineTok))
            foreach (var type in OfMember(member)) yield return type;
    }

    private static IEnumerable<Type> OfMember(MemberInfo? member)
    {
        switch (member)
        {
            case Type type:
                yield return type;
                break;
            case FieldInfo field:
                yield return field.DeclaringType!;
                yield return field.FieldType;
                break;
            case MethodBase callee:
                if (callee.DeclaringType is not null) yield return callee.DeclaringType;
                if (callee.IsGenericMethod)
                    foreach (var argument in callee.GetGenericArguments()) yield return argument;
                if (callee is MethodInfo info) yield return info.ReturnType;
                foreach (var parameter in callee.GetParameters()) yield return parameter.ParameterType;
                break;
        }
    }
}
