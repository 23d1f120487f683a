using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Connectors;

public sealed partial class ApprovalTaskGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connector task {ApproverId}/{DeferralId}, attempt {Attempt}: {Result}")]
    private static partial void LogAttempt(ILogger logger, string approverId, string deferralId, int attempt, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector task {ApproverId}/{DeferralId} got a status it does not know; it never approves")]
    private static partial void LogUnknownStatus(ILogger logger, string approverId, string deferralId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector task {ApproverId}/{DeferralId} could not record its outcome on the deferral")]
    private static partial void LogDecisionFailed(ILogger logger, Exception exception, string approverId, string deferralId);
}
