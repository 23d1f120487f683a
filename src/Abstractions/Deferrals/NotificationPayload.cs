namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What a callback carries once unsealed.</summary>
/// <param name="Member">The JSON member naming the handle: <c>deferral_code</c> (DTR) or <c>auth_req_id</c> (CIBA ping).</param>
/// <param name="Handle">The live deferral code or auth_req_id.</param>
/// <param name="BearerToken">The client_notification_token to present, or null to send no Authorization header.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.NotificationPayload")]
public sealed record NotificationPayload(
    [property: Id(0)] string Member,
    [property: Id(1)] string Handle,
    [property: Id(2)] string? BearerToken);
