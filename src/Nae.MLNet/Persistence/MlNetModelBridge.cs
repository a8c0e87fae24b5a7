using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Nae.MLNet.Errors;

namespace Nae.MLNet.Persistence;

/// <summary>
/// The only place that reaches into ML.NET 5.0.1 internals (by reflection): writing and reading a transformer inside
/// <c>MLContext.Model.Save/Load</c>, registering its loader in an MLContext's component catalog, and finding the
/// environment behind <c>mlContext.AnomalyDetection.Trainers</c>. Every member is resolved once; a missing member
/// throws <see cref="MissingMemberException"/> naming it (see docs/architecture.md, "Persistence").
/// </summary>
internal static class MlNetModelBridge
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
    private static readonly Assembly Core = typeof(IHostEnvironment).Assembly;

    private static readonly Type VersionInfoType = CoreType("Microsoft.ML.VersionInfo");
    private static readonly Type LoadContextType = CoreType("Microsoft.ML.ModelLoadContext");
    private static readonly MethodInfo SaveCheckAtModel = Method(typeof(ModelSaveContext), "CheckAtModel", Type.EmptyTypes);
    private static readonly MethodInfo SetVersionInfo = Method(typeof(ModelSaveContext), "SetVersionInfo", VersionInfoType);
    private static readonly FieldInfo SaveWriter = Field(typeof(ModelSaveContext), "Writer");
    private static readonly MethodInfo LoadCheckAtModel = Method(LoadContextType, "CheckAtModel", VersionInfoType);
    private static readonly FieldInfo LoadReader = Field(LoadContextType, "Reader");

    /// <summary>Writes a model: header with version info, then the caller's payload on the model stream.</summary>
    public static void Save(ModelSaveContext context, ModelVersion version, Action<BinaryWriter> write)
    {
        Invoke(SaveCheckAtModel, context);
        Invoke(SetVersionInfo, context, version.ToVersionInfo(VersionInfoType));
        write((BinaryWriter)SaveWriter.GetValue(context)!);
    }

    /// <summary>Checks the header of a model being loaded and reads the payload. <paramref name="context"/> is ML.NET's internal ModelLoadContext.</summary>
    public static T Load<T>(object context, ModelVersion version, Func<BinaryReader, T> read)
    {
        if (!LoadContextType.IsInstanceOfType(context))
            throw new ArgumentException(ErrorMessages.NotALoadContext(context?.GetType().FullName), nameof(context));
        Invoke(LoadCheckAtModel, context, version.ToVersionInfo(VersionInfoType));
        return read((BinaryReader)LoadReader.GetValue(context)!);
    }

    /// <summary>Registers a model loader under <paramref name="version"/>'s loader signature in the environment's catalog (idempotent).</summary>
    public static void RegisterLoader(IHostEnvironment environment, ModelVersion version, Type instanceType, MethodInfo create)
    {
        var catalog = environment.ComponentCatalog;
        var signatureType = CoreType("Microsoft.ML.SignatureLoadModel");
        var find = Method(typeof(ComponentCatalog), "GetLoadableClassInfo", typeof(string), typeof(Type));
        var attributeType = CoreType("Microsoft.ML.LoadableClassAttribute");
        var infoType = CoreType("Microsoft.ML.Runtime.ComponentCatalog+LoadableClassInfo");
        var addClass = Method(typeof(ComponentCatalog), "AddClass", infoType, typeof(string[]), typeof(bool));
        var gate = Field(typeof(ComponentCatalog), "_lock").GetValue(catalog)!;
        lock (gate)
        {
            if (Invoke(find, catalog, version.LoaderSignature, signatureType) is not null) return;
            var attributeConstructor = attributeType.GetConstructor(Any, new[] { typeof(Type), typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[]) })
                ?? throw Missing("LoadableClassAttribute(Type, Type, Type, Type, string, string[])");
            var attribute = attributeConstructor.Invoke(new object?[] { instanceType, instanceType, null, signatureType, version.LoaderSignature, new[] { version.LoaderSignature } });
            var infoConstructor = infoType.GetConstructors(Any).SingleOrDefault(c => c.GetParameters().Length == 5)
                ?? throw Missing("ComponentCatalog.LoadableClassInfo(attribute, getter, constructor, create, requireEnvironment)");
            var info = infoConstructor.Invoke(new object?[] { attribute, null, null, create, true });
            Invoke(addClass, catalog, info, new[] { version.LoaderSignature }, true);
        }
    }

    /// <summary>The <see cref="IHostEnvironment"/> behind a trainers catalog (its explicit IInternalCatalog.Environment).</summary>
    public static IHostEnvironment EnvironmentOf(object catalog)
    {
        var property = catalog.GetType().GetInterfaces()
            .FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog")?
            .GetProperty("Environment")
            ?? throw Missing("Microsoft.ML.Data.IInternalCatalog.Environment");
        return (IHostEnvironment)property.GetValue(catalog)!;
    }

    /// <summary>The context's <c>MLContext.GpuDeviceId</c> and <c>FallbackToCpu</c> (kept on ML.NET's internal
    /// IHostEnvironmentInternal, which the catalogs' environment implements).</summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) GpuSettingsOf(IHostEnvironment environment)
    {
        var settings = environment.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.IHostEnvironmentInternal")
            ?? throw Missing("Microsoft.ML.Runtime.IHostEnvironmentInternal");
        var gpu = settings.GetProperty("GpuDeviceId") ?? throw Missing("IHostEnvironmentInternal.GpuDeviceId");
        var fallback = settings.GetProperty("FallbackToCpu") ?? throw Missing("IHostEnvironmentInternal.FallbackToCpu");
        return ((int?)gpu.GetValue(environment), (bool)fallback.GetValue(environment)!);
    }

    private static object? Invoke(MethodInfo method, object target, params object?[] arguments)
    {
        try { return method.Invoke(target, arguments); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static Type CoreType(string name) => Core.GetType(name) ?? throw Missing(name);

    private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, Any, null, parameters, null) ?? throw Missing($"{type.Name}.{name}");

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, Any) ?? throw Missing($"{type.Name}.{name}");

    private static MissingMemberException Missing(string member) => new(ErrorMessages.MlNetInternalMissing(member));
}
