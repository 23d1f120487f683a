namespace DeferredOrleans.ClusterTests;

/// <summary>The PostgreSQL profile of a <see cref="LocalCluster"/>: membership, grain state and reminders in one database.</summary>
public sealed class PostgresStorage(PostgresServer server) : IStorageServer
{
    public PostgresServer Server => server;

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["DeferredOrleans__Silo__Clustering"] = "Postgres",
        ["DeferredOrleans__Storage__Profile"] = "Postgres",
        ["DeferredOrleans__Storage__PostgresConnectionString"] = server.ConnectionString,
    };

    public static async Task<PostgresStorage> StartNewAsync() => new(await PostgresServer.StartNewAsync());

    public Task StopAsync() => server.StopAsync();

    public Task StartAsync() => server.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
