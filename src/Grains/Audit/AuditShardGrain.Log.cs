using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Audit;

public sealed partial class AuditShardGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit shard {Shard} could not schedule checkpoints; the next activation tries again")]
    private static partial void LogCheckpointsNotScheduled(ILogger logger, Exception exception, int shard);
}
