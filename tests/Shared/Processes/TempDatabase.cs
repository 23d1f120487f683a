namespace DeferredOrleans.TestSupport;

/// <summary>A SQLite file path in a fresh temporary directory (<c>deferred-orleans-&lt;purpose&gt;-*</c>), removed afterwards.</summary>
public sealed class TempDatabase(string purpose) : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory($"deferred-orleans-{purpose}-").FullName;

    public string Path => System.IO.Path.Combine(Directory, "deferred-orleans.db");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
