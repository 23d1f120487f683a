using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Audit;

public sealed partial class AuditShardGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit shard {Shard} could not schedule checkpoints; the next activation tries again")]
    private static partial void LogCheckpointsNotScheduled(ILogger logger, Exception exception, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit shard {Shard} could not store its head on deactivation; the next activation finds its last blocks")]
    private static partial void LogHeadNotStored(ILogger logger, Exception exception, int shard);
}
