namespace DeferredOrleans.Gateway.Inbox.Passkeys;

/// <summary>Approvers' passkeys (section <c>DeferredOrleans:Passkeys</c>): WebAuthn's relying party.</summary>
public sealed class PasskeyOptions
{
    public const string Section = "DeferredOrleans:Passkeys";

    /// <summary>Whether approvers may register passkeys and sign in with them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// WebAuthn's RP ID: a registrable domain (never an IP address) that the inbox's host is, or ends with; null for the
    /// issuer's host. Passkeys are bound to it: changing it orphans every registered passkey.
    /// </summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>The name authenticators show when a passkey is made.</summary>
    public string RelyingPartyName { get; set; } = "DeferredOrleans";

    /// <summary>Origins the inbox is served from (WebAuthn checks <c>clientDataJSON.origin</c>); empty for the issuer's origin.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>How long a ceremony (from the options to the authenticator's answer) may take.</summary>
    public TimeSpan CeremonyTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
