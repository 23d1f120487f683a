namespace DeferredOrleans.Silo.Storage;

/// <summary>Where grain state and reminders live (section <c>DeferredOrleans:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "DeferredOrleans:Storage";

    public StorageProfile Profile { get; set; } = StorageProfile.Sqlite;

    /// <summary>The SQLite database file of the embedded profile; relative paths are relative to the working directory.</summary>
    public string SqlitePath { get; set; } = "data/deferred-orleans.db";
}

public enum StorageProfile
{
    /// <summary>One local SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>Process memory; state is lost when the silo stops. For tests only.</summary>
    Memory,
}
