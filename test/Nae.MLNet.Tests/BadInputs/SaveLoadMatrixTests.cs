using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using Nae.MLNet.ModelFuzz;
using Nae.MLNet.Tests.TestData;

namespace Nae.MLNet.Tests.BadInputs;

/// <summary>
/// Bad-input matrix, saving and loading: what each kind of bad file gives, through <c>Model.LoadWithNaeMLNet</c> (the
/// exception that names the problem) and through ML.NET's own <c>Model.Load</c> (the same exception inside ML.NET's
/// reflection wrappers), as docs/getting-started.md documents. Damaged length fields: <see cref="Persistence.HostileModelFileTests"/>.
/// </summary>
public class SaveLoadMatrixTests
{
    private string _directory = null!;
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "TestData", "Models", DetectorRegistry.Autoencoder.PersistedName + ".zip");

    [OneTimeSetUp]
    public void CreateFolder() => Directory.CreateDirectory(_directory = Path.Combine(Path.GetTempPath(), "nae-saveload-" + Guid.NewGuid().ToString("N")));

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<TestCaseData> Files()
    {
        yield return new TestCaseData((Func<string, string>)Truncated, typeof(FormatException), "zip").SetName("truncated zip");
        yield return new TestCaseData((Func<string, string>)Foreign, typeof(InvalidOperationException), "model").SetName("zip that is not a model");
        yield return new TestCaseData((Func<string, string>)(d => Damaged(d, 4, 99)), typeof(FormatException), "'Model.key' is not a valid Nae.MLNet model: the layout version is 99").SetName("detector layout version 99");
        yield return new TestCaseData((Func<string, string>)(d => Damaged(d, 0, 0x12345678)), typeof(FormatException), "the header is not a Nae.MLNet header").SetName("detector magic overwritten");
        yield return new TestCaseData((Func<string, string>)Missing, typeof(FileNotFoundException), "missing.zip").SetName("file not found");
    }

    [TestCaseSource(nameof(Files))]
    public void BadFile_LoadWithNaeMLNet_ThrowsTheExceptionThatNamesIt(Func<string, string> make, Type exception, string words)
    {
        string path = make(_directory);
        var error = Assert.Catch(() => new MLContext().Model.LoadWithNaeMLNet(path, out _))!;
        Assert.That(error, Is.InstanceOf(exception), error.ToString());
        Assert.That(error.Message, Does.Contain(words));
    }

    [TestCaseSource(nameof(Files))]
    public void BadFile_PlainModelLoad_CarriesTheSameException_InsideMlNetsWrappers(Func<string, string> make, Type exception, string words)
    {
        string path = make(_directory);
        var error = Assert.Catch(() => new MLContext().RegisterNaeMLNet().Model.Load(path, out _))!;
        var cause = error;
        while (cause is TargetInvocationException && cause.InnerException is not null) cause = cause.InnerException;
        Assert.That(cause, Is.InstanceOf(exception), error.ToString());
        Assert.That(cause.Message, Does.Contain(words));
    }

    /// <summary>The message ML.NET gives when the loader was never registered, quoted in docs/getting-started.md.</summary>
    public const string UnregisteredMessage = "Couldn't load model: 'TransformerChain/Transform_";

    [Test]
    public void Unregistered_PlainModelLoad_GivesMlNetsMessage_AsDocumented_WhileLoadWithNaeMLNetWorks()
    {
        var error = Assert.Catch(() => new MLContext().Model.Load(Fixture, out _))!;
        string docs = File.ReadAllText(Path.Combine(Architecture.SourceFolders.RepositoryRoot(), "docs", "getting-started.md"));
        Assert.Multiple(() =>
        {
            Assert.That(AllMessages(error), Does.Contain(UnregisteredMessage), error.ToString());
            Assert.That(docs, Does.Contain(UnregisteredMessage), "docs/getting-started.md quotes the message");
            Assert.DoesNotThrow(() => new MLContext().Model.LoadWithNaeMLNet(Fixture, out _));
        });
    }

    private static string AllMessages(Exception error) => error.InnerException is null ? error.Message : error.Message + " | " + AllMessages(error.InnerException);

    private static string Truncated(string directory)
    {
        var bytes = File.ReadAllBytes(Fixture);
        string path = Path.Combine(directory, "truncated.zip");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    private static string Foreign(string directory)
    {
        string path = Path.Combine(directory, "foreign.zip");
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
            writer.Write("not a model");
        return path;
    }

    private static string Damaged(string directory, int offsetFromMagic, int value)
    {
        var content = ModelFiles.ReadDetectorStream(Fixture);
        BitConverter.GetBytes(value).CopyTo(content, ModelFiles.Locate(content).Magic + offsetFromMagic);
        string path = Path.Combine(directory, $"damaged{offsetFromMagic}.zip");
        ModelFiles.WriteWithDetectorStream(Fixture, path, content);
        return path;
    }

    private static string Missing(string directory) => Path.Combine(directory, "missing.zip");
}
