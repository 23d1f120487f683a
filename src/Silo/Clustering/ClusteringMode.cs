namespace DeferredOrleans.Silo.Clustering;

/// <summary>How silos (and gateways that are Orleans clients) find each other.</summary>
public enum ClusteringMode
{
    /// <summary>A single silo on loopback: the embedded profile.</summary>
    Localhost,

    /// <summary>The Orleans membership table in Azure Table storage (Azurite in development and CI).</summary>
    AzureStorage,

    /// <summary>The Orleans membership table in PostgreSQL (<c>Storage:PostgresConnectionString</c>).</summary>
    Postgres,
}
