using System.Text.Json.Serialization;

namespace DeferredOrleans.Gateway.Profile;

/// <summary>One channel: whether it delivers, its open window, the messages sent on it, and why not, when it does not.</summary>
public sealed record NotificationChannelState(
    string Channel,
    bool Active,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? WindowEndsAt,
    long Messages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem);
