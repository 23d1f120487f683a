using System.Reflection;
using System.Text.RegularExpressions;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Core;

namespace DeferredOrleans.UnitTests.Architecture;

/// <summary>
/// The dependency rule, checked on the built assemblies and on the Gateway's sources: Abstractions ← Core ← Grains,
/// and the Gateway sees only Abstractions and Core (the co-hosted silo registers the grains). The build also bars
/// the Gateway from naming <c>DeferredOrleans.Grains</c> (RS0030, src/Gateway/BannedSymbols.txt).
/// </summary>
public sealed partial class LayerTests
{
    [Fact]
    public void Abstractions_ReferenceNoOtherProject() =>
        Assert.Empty(ProjectReferences(typeof(GrainKeys).Assembly));

    [Fact]
    public void Core_ReferencesOnlyAbstractions() =>
        Assert.Equal(["DeferredOrleans.Abstractions"], ProjectReferences(typeof(ConfigurationProblemException).Assembly));

    [Fact]
    public void Gateway_ReferencesNoGrainImplementation() =>
        Assert.DoesNotContain("DeferredOrleans.Grains", ProjectReferences(typeof(Program).Assembly));

    [Fact]
    public void Client_ReferencesOnlyTheFrameworkAndMicrosoftExtensions()
    {
        var foreign = typeof(DeferredOrleans.Client.DeferredTokenClient).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || n is "netstandard" or "mscorlib"));
        Assert.Empty(foreign);
    }

    [Fact]
    public void GatewayFolders_DependOnEachOtherOneWayOnly()
    {
        var graph = GatewayFolderGraph();
        var cycles = graph.Keys.SelectMany(from => graph[from].Where(to => Reaches(graph, to, from)).Select(to => $"{from} ⇄ {to}")).ToList();
        Assert.True(cycles.Count == 0, $"Gateway folders that depend on each other: {string.Join(", ", cycles)}");
    }

    private static List<string> ProjectReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("DeferredOrleans.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Folder → the Gateway folders its files name in <c>using</c> directives or fully qualified names.</summary>
    private static Dictionary<string, HashSet<string>> GatewayFolderGraph()
    {
        var gateway = Path.Combine(RepositoryRoot(), "src", "Gateway");
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(gateway, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(gateway, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal) || !relative.Contains(Path.DirectorySeparatorChar))
            {
                continue;
            }

            var folder = relative[..relative.IndexOf(Path.DirectorySeparatorChar)];
            var edges = graph.TryGetValue(folder, out var known) ? known : graph[folder] = [];
            foreach (Match m in GatewayNamespace().Matches(File.ReadAllText(file)))
            {
                if (m.Groups[1].Value != folder)
                {
                    edges.Add(m.Groups[1].Value);
                }
            }
        }

        return graph;
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.TryPop(out var node))
        {
            if (node == to)
            {
                return true;
            }

            if (seen.Add(node) && graph.TryGetValue(node, out var next))
            {
                next.ToList().ForEach(stack.Push);
            }
        }

        return false;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DeferredOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DeferredOrleans.sln not found above the test's directory");
    }

    [GeneratedRegex(@"\bDeferredOrleans\.Gateway\.([A-Z][A-Za-z]*)")]
    private static partial Regex GatewayNamespace();
}
