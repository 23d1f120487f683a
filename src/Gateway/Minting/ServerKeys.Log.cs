using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Gateway.Minting;

public sealed partial class ServerKeys
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The key ring could not be read again; the one read before keeps serving")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Periodic rotation of signing key {KeyId}: {Outcome}")]
    private static partial void LogPeriodicRotation(ILogger logger, KeyRotationOutcome outcome, string keyId);
}
