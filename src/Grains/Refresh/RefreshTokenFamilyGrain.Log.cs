using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Refresh;

public sealed partial class RefreshTokenFamilyGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh family {Family} asked for re-authorization as deferral {DeferralId}; the grant ends {EndsAt:O}")]
    private static partial void LogReauthorizationAsked(ILogger logger, string family, string deferralId, DateTimeOffset endsAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh family {Family} was re-authorized; the grant now ends {EndsAt:O}")]
    private static partial void LogReauthorized(ILogger logger, string family, DateTimeOffset endsAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh family {Family} was revoked: its re-authorization was denied")]
    private static partial void LogReauthorizationDenied(ILogger logger, string family);
}
