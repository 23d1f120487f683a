using DeferredOrleans.Abstractions.Audit;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Audit;

/// <summary>Writes each checkpoint to the application log, which operators usually ship off the host.</summary>
public sealed partial class LogAuditWitness(ILogger<LogAuditWitness> logger) : IAuditWitness
{
    public string Name => "log";

    public Task ExportAsync(AuditCheckpoint checkpoint, string json, CancellationToken cancellationToken)
    {
        LogCheckpoint(logger, checkpoint.Number, json);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint {Number}: {Checkpoint}")]
    private static partial void LogCheckpoint(ILogger logger, long number, string checkpoint);
}
