using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Organization;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>
/// Picks up a changed policy file and directory changes made through any gateway. The directory is the same on every
/// gateway of a cluster within one refresh interval.
/// </summary>
public sealed partial class PolicyRefresher(PolicyStore store, IGrainFactory grains, IOptions<PolicyStoreOptions> options, ILogger<PolicyRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PolicyRefreshInterval);
        do
        {
            try
            {
                store.ReloadIfChanged();
                if (await grains.GetGrain<IDirectoryGrain>(GrainKeys.Directory).GetAsync(store.Changes.Version) is { } changes)
                {
                    store.ApplyDirectory(changes);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster may be starting or briefly unreachable; the next tick tries again.
                LogRefreshFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Policy refresh skipped: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
