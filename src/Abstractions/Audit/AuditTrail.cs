using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// Records audit events. An audit write that fails never undoes the change it describes (that change is already
/// durable and may have been acknowledged); the failure is logged as an error for operators.
/// </summary>
public static partial class AuditTrail
{
    /// <summary>Appends the event to the audit log; a failure is logged, never thrown.</summary>
    public static Task RecordAsync(this IGrainFactory grains, AuditEvent auditEvent, ILogger logger) =>
        grains.RecordAsync([auditEvent], logger);

    /// <summary>
    /// Appends the events of one operation (of one deferral, or of none) in one durable round, in order; a failure is
    /// logged, never thrown.
    /// </summary>
    public static async Task RecordAsync(this IGrainFactory grains, IReadOnlyList<AuditEvent> auditEvents, ILogger logger)
    {
        if (auditEvents.Count == 0)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).AppendManyAsync([.. auditEvents]);
        }
        catch (Exception e)
        {
            LogAuditFailed(logger, e, string.Join(", ", auditEvents.Select(a => a.Kind)), auditEvents.FirstOrDefault(a => a.DeferralId is not null)?.DeferralId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit events {Kinds} for {DeferralId} could not be recorded")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string kinds, string? deferralId);
}
