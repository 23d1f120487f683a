namespace DeferredOrleans.Silo.Storage;

/// <summary>Where grain state and reminders live (section <c>DeferredOrleans:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "DeferredOrleans:Storage";

    public StorageProfile Profile { get; set; } = StorageProfile.Sqlite;

    /// <summary>The SQLite database file of the embedded profile; relative paths are relative to the working directory.</summary>
    public string SqlitePath { get; set; } = "data/deferred-orleans.db";

    /// <summary>
    /// The Azure Storage account of the cluster profile: grain state, reminders and the membership table. For Azurite,
    /// the development account with explicit endpoints.
    /// </summary>
    public string? AzureConnectionString { get; set; }

    /// <summary>Where the cluster profile keeps grain state: Azure Table (default) or Blob storage.</summary>
    public AzureGrainStore AzureGrainStore { get; set; } = AzureGrainStore.Table;

    /// <summary>
    /// The PostgreSQL database of the <see cref="StorageProfile.Postgres"/> profile and of PostgreSQL clustering, as an
    /// Npgsql connection string. The Orleans tables are created in it at start if missing.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long one storage request may take. Short, so that an outage fails requests fast and callers retry.</summary>
    public TimeSpan AzureRequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries of one storage request inside the Azure SDK before the failure surfaces.</summary>
    public int AzureMaxRetries { get; set; } = 1;
}
