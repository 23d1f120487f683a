namespace DeferredOrleans.ProcessTests;

/// <summary>The samples (<c>samples/DocsApi</c>, <c>samples/Agent</c>) started as a developer would start them, configured through environment variables.</summary>
public static class Samples
{
    /// <summary><c>dotnet samples/{name}/bin/&lt;configuration&gt;/net10.0/DeferredOrleans.Samples.{name}.dll</c>, the build of the calling tests.</summary>
    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var build = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var assembly = Path.Combine(GatewayProcess.RepositoryRoot, "samples", name, "bin", build, "net10.0", $"DeferredOrleans.Samples.{name}.dll");
        return HostProcess.Start(name, Path.GetDirectoryName(assembly)!, "dotnet", [assembly], environment);
    }
}
