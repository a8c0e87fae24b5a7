using System.Text.RegularExpressions;

namespace Nae.MLNet.Tests.Architecture;

/// <summary>
/// Which folder of src/Nae.MLNet declares each top-level type, read from the sources (public types all live in the
/// root namespace, so the namespace does not tell the folder).
/// </summary>
public static partial class SourceFolders
{
    /// <summary>A top-level declaration: at the start of a line (file-scoped namespaces), with its generic parameters.</summary>
    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly|ref|unsafe)\s+)*(?:record\s+struct|record\s+class|class|struct|interface|enum|record)\s+(?<name>\w+)(?<generics><[^>]*>)?", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    /// <summary>The repository root: the folder above the test binaries that holds Nae.MLNet.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Nae.MLNet.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException("Nae.MLNet.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Metadata full name (Namespace.Name`arity) → folder under src/Nae.MLNet; a type declared in two folders is an error.</summary>
    public static Dictionary<string, string> Of(string projectDirectory)
    {
        var folders = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(projectDirectory, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            string folder = Path.GetDirectoryName(relative) is { Length: > 0 } directory ? directory.Split(Path.DirectorySeparatorChar)[0] : "(root)";
            string text = File.ReadAllText(file);
            string ns = FileScopedNamespace().Match(text) is { Success: true } m ? m.Groups["name"].Value : "";
            foreach (Match declaration in Declaration().Matches(text))
            {
                string name = declaration.Groups["name"].Value;
                var generics = declaration.Groups["generics"];
                if (generics.Success) name += "`" + (generics.Value.Count(c => c == ',') + 1);
                string fullName = ns.Length > 0 ? $"{ns}.{name}" : name;
                if (folders.TryGetValue(fullName, out var other) && other != folder)
                    throw new InvalidOperationException($"{fullName} is declared in {other}/ and in {folder}/: a type belongs to one folder.");
                folders[fullName] = folder;
            }
        }
        return folders;
    }
}
