using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// Whether a request the policy (and the PDP) decided on is issued now, refused or deferred: a pure function of plain
/// inputs. In order: the policy's allowance or denial; standing decisions that approve on their own; the client's
/// opt-in; a public client's DPoP key; the credential's remaining life; the client_notification_token.
/// </summary>
public static class DeferralAdmission
{
    /// <summary>DTR: the client_notification_token needs at least 128 bits of entropy; RFC 6750 b64token syntax.</summary>
    private const int MinimumNotificationTokenLength = 22;
    private const int MaximumNotificationTokenLength = 1024;

    /// <param name="decision">The local policy's decision, after the PDP's.</param>
    /// <param name="standingApproval">The evidence of standing decisions that approve the request on their own, or null.</param>
    /// <param name="client">The client: whether it is public, may be deferred without opt-in, and where it is notified.</param>
    /// <param name="optedIn">Whether the request sent <c>completion_mode=deferred</c>.</param>
    /// <param name="hasDpopKey">Whether the request carried a valid DPoP proof.</param>
    /// <param name="notAfter">When the credential the request started from expires, if it does.</param>
    /// <param name="now">The current time.</param>
    /// <param name="notificationToken">The request's <c>client_notification_token</c>, if any.</param>
    public static AdmissionVerdict Check(
        PolicyDecision decision,
        ApprovalEvidence? standingApproval,
        ClientRegistration client,
        bool optedIn,
        bool hasDpopKey,
        DateTimeOffset? notAfter,
        DateTimeOffset now,
        string? notificationToken)
    {
        switch (decision)
        {
            case PolicyDecision.Allowed:
                return new AdmissionVerdict.Issue(null);
            case PolicyDecision.Denied denied:
                return new AdmissionVerdict.Refuse(Refusal(denied));
            case PolicyDecision.Deferred when standingApproval is not null:
                // Standing decisions let the request through without asking anyone, opt-in or not.
                return new AdmissionVerdict.Issue(standingApproval);
            case PolicyDecision.Deferred deferred when client.DeferWithoutOptIn || optedIn:
                return Deferral(deferred, client, hasDpopKey, notAfter, now, notificationToken);
            default:
                // DTR: an AS MUST NOT defer a client that did not signal it. Needs approval but the client cannot
                // wait: a synchronous refusal that says why (never a code).
                return new AdmissionVerdict.Refuse(new OAuthError(OAuthErrors.InvalidScope, "approval required; retry with completion_mode=deferred"));
        }
    }

    /// <summary>The policy's denial on the wire: one OAuth error per reason.</summary>
    public static OAuthError Refusal(PolicyDecision.Denied denied) => new(denied.Reason switch
    {
        DenialReason.Target => OAuthErrors.InvalidTarget,
        DenialReason.AuthorizationDetails => OAuthErrors.InvalidAuthorizationDetails,
        _ => OAuthErrors.InvalidScope,
    }, denied.Description);

    private static AdmissionVerdict Deferral(
        PolicyDecision.Deferred deferred, ClientRegistration client, bool hasDpopKey, DateTimeOffset? notAfter, DateTimeOffset now, string? notificationToken)
    {
        // RFC 9449 / DTR: a public client's deferral must be bound to a key, so it must present DPoP.
        if (client.Public && !hasDpopKey)
        {
            return new AdmissionVerdict.Refuse(OAuthError.InvalidRequest("a public client must present a DPoP proof to be deferred"));
        }

        // A deferral never outlives the credential it started from: this project's reading of
        // draft-ietf-oauth-deferred-token-response-01 §11.7 (preconditions of the originating grant).
        if (notAfter is { } limit && limit - now < deferred.ExpiresIn)
        {
            deferred = deferred with { ExpiresIn = limit - now };
            if (deferred.ExpiresIn <= TimeSpan.FromSeconds(deferred.IntervalSeconds))
            {
                return new AdmissionVerdict.Refuse(new OAuthError(OAuthErrors.InvalidGrant, "the credential expires too soon to wait for approval"));
            }
        }

        if (client.DeferredNotificationEndpoint is not { } endpoint)
        {
            return new AdmissionVerdict.Defer(deferred, null);
        }

        if (notificationToken is not null && !IsNotificationToken(notificationToken))
        {
            return new AdmissionVerdict.Refuse(OAuthError.InvalidRequest("client_notification_token is too short or malformed"));
        }

        return new AdmissionVerdict.Defer(deferred, new DeferralStarter.Callback(endpoint, OAuthParameters.DeferralCode, notificationToken));
    }

    /// <summary>Whether a client's notification bearer token has the entropy and RFC 6750 b64token syntax asked for.</summary>
    public static bool IsNotificationToken(string token) =>
        token.Length is >= MinimumNotificationTokenLength and <= MaximumNotificationTokenLength && token.All(IsB64TokenChar);

    private static bool IsB64TokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=';
}
