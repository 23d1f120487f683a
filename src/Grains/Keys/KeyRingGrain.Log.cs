using DeferredOrleans.Abstractions.Keys;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Keys;

public sealed partial class KeyRingGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Signing keys: rotation {Outcome}; current key {KeyId}, promotion scheduled at {PromotionAt}")]
    private static partial void LogRotation(ILogger logger, KeyRotationOutcome outcome, string keyId, DateTimeOffset? promotionAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key ring (current signing key {KeyId}) was stored in clear by an earlier version; it is now stored encrypted")]
    private static partial void LogMigrated(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The key ring cannot be decrypted: the Data Protection key ring (DeferredOrleans:Keys:Directory) is not the one it was encrypted with, or a file of it is missing")]
    private static partial void LogUndecryptable(ILogger logger, Exception exception);
}
