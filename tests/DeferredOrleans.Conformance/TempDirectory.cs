namespace DeferredOrleans.Conformance;

/// <summary>A fresh temporary directory (for a SQLite file), removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("deferred-orleans-conformance-").FullName;

    public string Database => System.IO.Path.Combine(Path, "server.db");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
