namespace DeferredOrleans.Silo.Storage;

public enum StorageProfile
{
    /// <summary>One local SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>Process memory; state is lost when the silo stops. For tests only.</summary>
    Memory,

    /// <summary>Azure Table (or Blob) grain state and Azure Table reminders: the cluster profile.</summary>
    AzureStorage,

    /// <summary>PostgreSQL through the Orleans ADO.NET providers (Npgsql): grain state and reminders; with it, the membership table.</summary>
    Postgres,
}
