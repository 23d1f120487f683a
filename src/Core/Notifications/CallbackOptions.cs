namespace DeferredOrleans.Core.Notifications;

/// <summary>How callbacks to clients are delivered (section <c>DeferredOrleans:Callbacks</c>).</summary>
public sealed class CallbackOptions
{
    public const string Section = "DeferredOrleans:Callbacks";

    /// <summary>
    /// Development only: allow http and private, loopback and link-local targets. Off in production, where callbacks
    /// go only to https endpoints on public addresses (SSRF protection,
    /// draft-ietf-oauth-deferred-token-response-01 §11.5).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// Wait before the first attempt, so the callback never overtakes the deferred response
    /// (draft-ietf-oauth-deferred-token-response-01 §7).
    /// </summary>
    public TimeSpan FirstAttemptDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Attempts in all: the first plus retries. This project keeps to at most 3 retries;
    /// draft-ietf-oauth-deferred-token-response-01 §7.1 leaves failed deliveries to the server, and polling still
    /// finds the result.
    /// </summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
