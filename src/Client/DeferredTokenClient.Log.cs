using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Client;

public sealed partial class DeferredTokenClient
{
    // Pending and slow_down are the normal course of a deferral: debug and information, never errors.
    [LoggerMessage(Level = LogLevel.Information, Message = "{Progress}; next poll in {Delay}")]
    private static partial void LogPending(ILogger logger, string progress, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "The subject must confirm at {InteractionUri}")]
    private static partial void LogInteraction(ILogger logger, Uri interactionUri);

    [LoggerMessage(Level = LogLevel.Information, Message = "The token request ended with {Error}: {Description}")]
    private static partial void LogFailed(ILogger logger, string error, string? description);

    [LoggerMessage(Level = LogLevel.Information, Message = "The deferral was revoked (HTTP {Status})")]
    private static partial void LogRevoked(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deferral could not be revoked: {Reason}")]
    private static partial void LogRevocationFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deferral cannot be revoked: the server names no revocation endpoint")]
    private static partial void LogNoRevocationEndpoint(ILogger logger);
}
