namespace Nae.MLNet.Persistence;

/// <summary>
/// The version triple and signatures ML.NET stores in a model header (its internal VersionInfo).
/// <see cref="Written"/> is this build's format; <see cref="WeCanReadBack"/> is the oldest format this build reads.
/// </summary>
internal sealed record ModelVersion(string ModelSignature, uint Written, uint ReadableBy, uint WeCanReadBack, string LoaderSignature)
{
    private static readonly string LoaderAssembly = typeof(ModelVersion).Assembly.GetName().Name!;

    public object ToVersionInfo(Type versionInfoType) => Activator.CreateInstance(versionInfoType,
        ModelSignature, Written, ReadableBy, WeCanReadBack, LoaderAssembly, LoaderSignature, null)!;
}
