namespace DeferredOrleans.ClusterTests;

/// <summary>Where the built silo, gateway and repo-local tools are.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug, whichever this test assembly was built as; the hosts were built alike.</summary>
    public static string Configuration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;

    public static string SiloDirectory => Path.Combine(Root, "src", "Silo", "bin", Configuration, "net10.0");

    public static string GatewayDirectory => Path.Combine(Root, "src", "Gateway", "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DeferredOrleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DeferredOrleans.sln) was not found.");
    }
}
