using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Notifications;

public sealed partial class NotificationDeliveryGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Key} to {UserId} by {Channel}, attempt {Attempt}: delivered={Delivered} ({Detail})")]
    private static partial void LogAttempt(ILogger logger, string userId, string channel, string key, int attempt, bool delivered, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Key} to {UserId} by {Channel} given up: {Why}; last: {Detail}")]
    private static partial void LogGaveUp(ILogger logger, string userId, string channel, string key, string why, string? detail);
}
