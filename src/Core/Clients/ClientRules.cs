using System.Collections.Immutable;
using DeferredOrleans.Core.Notifications;

namespace DeferredOrleans.Core.Clients;

/// <summary>
/// The rules every client obeys however it was registered: by configuration, through the admin API or by RFC 7591
/// dynamic registration. Each names what is wrong, phrased to follow the client ("client 'x' …", "the client …"), or
/// returns null. <see cref="ClientMetadataRules"/> applies them to registration metadata; the gateway's client
/// registry to a registration as stored.
/// </summary>
public static class ClientRules
{
    /// <summary>RFC 6749 §4.4: the client credentials grant MUST only be used by confidential clients.</summary>
    public static string? ConfidentialForClientCredentials(bool isPublic, IEnumerable<string> grantTypes) =>
        isPublic && grantTypes.Contains("client_credentials", StringComparer.Ordinal)
            ? "is public and cannot use client_credentials (RFC 6749 §4.4)"
            : null;

    /// <summary>CIBA Core §4 and §10: poll, or ping with a notification endpoint; this server does not push tokens.</summary>
    public static string? CibaDeliverySupported(string? deliveryMode, string? notificationEndpoint) =>
        (deliveryMode ?? "poll") switch
        {
            "poll" => null,
            "ping" when notificationEndpoint is not null => null,
            _ => "needs backchannel_token_delivery_mode poll, or ping with a backchannel_client_notification_endpoint (push is not supported)",
        };

    /// <summary>
    /// RFC 7591 §2: <c>jwks</c> and <c>jwks_uri</c> MUST NOT both be present, and <c>private_key_jwt</c> (RFC 7523 §2.2)
    /// needs one of them; this server verifies EC and RSA keys. <paramref name="jwksKeyTypes"/> is null without <c>jwks</c>.
    /// </summary>
    public static string? OneKeySource(ImmutableArray<string>? jwksKeyTypes, string? jwksUri) =>
        (jwksKeyTypes is not null) == (jwksUri is not null) ? "uses private_key_jwt and needs exactly one of jwks and jwks_uri"
        : jwksKeyTypes is { } types && (types.IsEmpty || types.Any(t => t is not ("EC" or "RSA"))) ? "has a jwks that is not one or more EC or RSA keys"
        : null;

    /// <summary>
    /// DTR §11.4 and §11.5, CIBA Core §4, RFC 7591 §2: the endpoints the server itself calls must be safe targets (no
    /// server-side request forgery); each problem names the member, such as "jwks_uri must use https".
    /// </summary>
    public static IEnumerable<string> UnsafeEndpoints(string? jwksUri, string? deferredNotificationEndpoint, string? backchannelNotificationEndpoint, bool allowPrivateTargets)
    {
        (string Name, string? Value)[] endpoints =
        [
            ("jwks_uri", jwksUri),
            ("deferred_client_notification_endpoint", deferredNotificationEndpoint),
            ("backchannel_client_notification_endpoint", backchannelNotificationEndpoint),
        ];
        foreach (var (name, value) in endpoints)
        {
            if (value is not null && CallbackTargets.Problem(value, allowPrivateTargets) is { } problem)
            {
                yield return $"{name} {problem}";
            }
        }
    }
}
