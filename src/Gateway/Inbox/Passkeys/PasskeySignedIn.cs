namespace DeferredOrleans.Gateway.Inbox.Passkeys;

/// <summary>A passkey sign-in that succeeded: where the browser goes next (a local path).</summary>
public sealed record PasskeySignedIn(string Location);
