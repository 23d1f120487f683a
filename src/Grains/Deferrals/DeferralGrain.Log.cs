using DeferredOrleans.Abstractions.Deferrals;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Deferrals;

public sealed partial class DeferralGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId} created for client {ClientId} by rule {Rule}, expires {ExpiresAt:o}")]
    private static partial void LogCreated(ILogger logger, string deferralId, string clientId, string rule, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId}: approver {ApproverId} decided approve={Approve}, status now {Status}")]
    private static partial void LogDecided(ILogger logger, string deferralId, string approverId, bool approve, DeferralStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId} redeemed by client {ClientId}")]
    private static partial void LogRedeemed(ILogger logger, string deferralId, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId} expired")]
    private static partial void LogExpired(ILogger logger, string deferralId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deferral {DeferralId} purged after retention")]
    private static partial void LogPurged(ILogger logger, string deferralId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId} cancelled by client {ClientId}")]
    private static partial void LogCancelled(ILogger logger, string deferralId, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId} abandoned: client {ClientId} kept polling too fast")]
    private static partial void LogAbandoned(ILogger logger, string deferralId, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId}: the subject confirmed, status now {Status}")]
    private static partial void LogInteractionCompleted(ILogger logger, string deferralId, DeferralStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral {DeferralId}: step {Step} escalated to the next level")]
    private static partial void LogEscalated(ILogger logger, string deferralId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral {DeferralId}: the subject could not be told the decision")]
    private static partial void LogSubjectNotTold(ILogger logger, Exception exception, string deferralId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral {DeferralId} could not settle its refresh family now; the client's poll settles it")]
    private static partial void LogFamilyNotSettled(ILogger logger, Exception exception, string deferralId);
}
