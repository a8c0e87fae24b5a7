namespace Nae.MLNet.Tests.Benchmarks;

/// <summary>Base of tests that write files: each test gets a fresh temporary folder, deleted afterwards.</summary>
public abstract class TemporaryFolderTests
{
    /// <summary>This test's folder.</summary>
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateTempSubdirectory("nae-benchmarks-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);
}
