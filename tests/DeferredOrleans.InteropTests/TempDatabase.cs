namespace DeferredOrleans.InteropTests;

/// <summary>A SQLite file path in a fresh temporary directory, removed afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("deferred-orleans-interop-").FullName;

    public string Path => System.IO.Path.Combine(Directory, "deferred-orleans.db");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
