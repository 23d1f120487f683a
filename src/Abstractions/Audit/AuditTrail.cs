using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// Records audit events. An audit write that fails never undoes the change it describes (that change is already
/// durable and may have been acknowledged); the failure is logged as an error for operators.
/// </summary>
public static partial class AuditTrail
{
    /// <summary>Appends the event to the audit log; a failure is logged, never thrown.</summary>
    public static async Task RecordAsync(this IGrainFactory grains, AuditEvent auditEvent, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).AppendAsync(auditEvent);
        }
        catch (Exception e)
        {
            LogAuditFailed(logger, e, auditEvent.Kind, auditEvent.DeferralId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit event {Kind} for {DeferralId} could not be recorded")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string kind, string? deferralId);
}
