using System.Reflection;
using Nae.MLNet.Networks;
using Nae.MLNet.Training;

namespace Nae.MLNet.Tests.Architecture;

/// <summary>
/// The library's folders form layers, and a type may use types of its own layer and of lower layers only (read from
/// the compiled assembly: signatures, fields, locals, attributes and every type, method and field the IL names). The
/// torch-side folders also never see an options class: they take settings records made at the detectors' boundary.
/// docs/architecture.md draws the same layers.
/// </summary>
public class LayeringTests
{
    /// <summary>Lowest first. Folders in one layer may use each other.</summary>
    public static readonly string[][] Layers =
    {
        new[] { "Options", "Presets", "Errors" }, // public option and value types, their presets, checks and messages
        new[] { "Torch" },                        // devices, long-lived scalars
        new[] { "Networks" },                     // torch modules and their saved description
        new[] { "Sampling" },                     // MCMC
        new[] { "Training" },                     // training loops
        new[] { "Scoring" },                      // batched inference
        new[] { "DataView", "Persistence" },      // ML.NET adapters: IDataView plumbing, the model format
        new[] { "Detectors" },                    // estimators, transformer, catalog, registry
    };

    /// <summary>The folders that run on tensors and take plain settings, never an options class.</summary>
    public static readonly string[] TorchSide = { "Torch", "Networks", "Sampling", "Training", "Scoring" };

    private static readonly Assembly Library = typeof(DetectorRegistry).Assembly;
    private static readonly Lazy<Dictionary<string, string>> Folders = new(() =>
        SourceFolders.Of(Path.Combine(SourceFolders.RepositoryRoot(), "src", "Nae.MLNet")));

    [Test]
    public void NoTypeUsesATypeOfAHigherLayer_AndTheTorchSideNeverSeesOptions()
    {
        var violations = Violations(TypeReferences.Within(Library), FolderOf);
        Assert.That(violations, Is.Empty, "Move the type down, or pass a settings record made in Detectors/:\n" + string.Join("\n", violations));
    }

    [Test]
    public void EveryFolderIsInALayer_AndEveryTypeIsPlaced()
    {
        var layered = Layers.SelectMany(l => l).ToHashSet();
        Assert.That(Folders.Value.Values.Distinct().Where(f => !layered.Contains(f)), Is.Empty, "folders missing from Layers");
        var unplaced = Library.GetTypes().Where(t => t.DeclaringType is null && !IsCompilerGenerated(t) && FolderOf(t) is null).Select(t => t.FullName);
        Assert.That(unplaced, Is.Empty, "types whose declaration the source scan did not find");
    }

    [Test]
    public void Scanner_SeesReferencesInSignaturesAndInIl()
    {
        var references = TypeReferences.Within(Library);
        Assert.Multiple(() =>
        {
            Assert.That(references[typeof(NaeTraining)], Does.Contain(typeof(NaeUpdateSettings)), "a constructor parameter");
            Assert.That(references[typeof(AutoencoderTrainer)], Does.Contain(typeof(AutoencoderTraining)), "a static call inside a lambda");
            Assert.That(references[typeof(EnergyDetectorTrainer<>)], Does.Contain(typeof(DetectorRegistry)), "a static call in a generic type");
            Assert.That(references[typeof(AutoencoderNetwork)], Does.Contain(typeof(NetworkSpec)), "a property type");
        });
    }

    [Test]
    public void Rule_FailsOnABackReference_AndOnOptionsInTheTorchSide()
    {
        // the same check on a made-up graph: Networks using a detector, Training holding an options class
        var graph = new Dictionary<Type, HashSet<Type>>
        {
            [typeof(AutoencoderNetwork)] = new() { typeof(NetworkSpec), typeof(DetectorRegistry) },
            [typeof(NaeTraining)] = new() { typeof(NormalizedAutoencoderOptions) },
            [typeof(DetectorRegistry)] = new() { typeof(AutoencoderNetwork), typeof(NormalizedAutoencoderOptions) },
        };
        var violations = Violations(graph, FolderOf);
        Assert.That(violations, Has.Count.EqualTo(2));
        Assert.That(violations, Has.Some.Contains("Networks/AutoencoderNetwork uses Detectors/DetectorRegistry"));
        Assert.That(violations, Has.Some.Contains("Training/NaeTraining uses the options class NormalizedAutoencoderOptions"));
    }

    /// <summary>Prints the folder dependency graph (the table in docs/architecture.md).</summary>
    [Test]
    public void FolderGraph_IsPrinted()
    {
        var graph = TypeReferences.Within(Library)
            .Where(e => FolderOf(e.Key) is not null)
            .GroupBy(e => FolderOf(e.Key)!)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Select(FolderOf).OfType<string>().Where(f => f != g.Key).Distinct().OrderBy(f => LayerOf(f)).ToList());
        foreach (var (folder, uses) in graph.OrderBy(e => LayerOf(e.Key)))
            TestContext.Out.WriteLine($"| {folder} | {string.Join(", ", uses)} |");
        Assert.That(graph, Is.Not.Empty);
    }

    /// <summary>"From uses To" lines for every reference that goes up a layer, or from the torch side to an options class.</summary>
    public static List<string> Violations(Dictionary<Type, HashSet<Type>> references, Func<Type, string?> folderOf)
    {
        var violations = new List<string>();
        foreach (var (from, targets) in references)
        {
            if (folderOf(from) is not { } fromFolder) continue;
            foreach (var to in targets)
            {
                if (folderOf(to) is not { } toFolder) continue;
                if (LayerOf(toFolder) > LayerOf(fromFolder))
                    violations.Add($"{fromFolder}/{from.Name} uses {toFolder}/{to.Name} (layer {LayerOf(toFolder)} above {LayerOf(fromFolder)})");
                else if (TorchSide.Contains(fromFolder) && typeof(EnergyDetectorOptions).IsAssignableFrom(to))
                    violations.Add($"{fromFolder}/{from.Name} uses the options class {to.Name}");
            }
        }
        return violations.OrderBy(v => v, StringComparer.Ordinal).ToList();
    }

    private static string? FolderOf(Type type) =>
        Folders.Value.GetValueOrDefault((type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName ?? "");

    private static int LayerOf(string folder)
    {
        int index = Array.FindIndex(Layers, layer => layer.Contains(folder));
        return index >= 0 ? index : throw new ArgumentException($"Folder {folder} is in no layer.");
    }

    private static bool IsCompilerGenerated(Type type) =>
        type.Name.StartsWith('<') || type.Namespace?.StartsWith("System.", StringComparison.Ordinal) == true
        || type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true;
}
