using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Notifications;

public sealed partial class UserNotificationsGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Key} for {UserId} by {Channel}: {Kind} announcing {Count} request(s)")]
    private static partial void LogComposed(ILogger logger, string userId, string channel, BatchKind kind, int count, string key);
}
