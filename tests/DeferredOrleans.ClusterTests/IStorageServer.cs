namespace DeferredOrleans.ClusterTests;

/// <summary>A real storage server under a <see cref="LocalCluster"/>, which a test may stop and start again.</summary>
public interface IStorageServer : IAsyncDisposable
{
    /// <summary>The settings that point silos and gateways at it, as environment variables.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    Task StopAsync();

    Task StartAsync();
}
