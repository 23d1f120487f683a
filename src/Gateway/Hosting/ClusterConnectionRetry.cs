namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// A gateway may start before any silo (or storage) is up: it keeps trying to connect instead of exiting, and
/// reports not ready until it succeeds.
/// </summary>
public sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogRetrying(logger, ++_attempts, exception.Message);
        await Task.Delay(Pause, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the cluster yet (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogRetrying(ILogger logger, int attempt, string reason);
}
