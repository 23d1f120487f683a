namespace DeferredOrleans.ClusterTests;

/// <summary>What a <see cref="LocalCluster"/> keeps its membership, grain state and reminders in.</summary>
public enum ClusterStorage
{
    /// <summary>Azure Table storage, served by Azurite.</summary>
    Azurite,

    /// <summary>PostgreSQL through the Orleans ADO.NET providers, served by a PostgreSQL server of the test's own.</summary>
    Postgres,
}
