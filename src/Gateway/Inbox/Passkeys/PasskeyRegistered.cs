namespace DeferredOrleans.Gateway.Inbox.Passkeys;

/// <summary>A passkey just registered: its credential id (base64url) and the name its owner gave it.</summary>
public sealed record PasskeyRegistered(string Id, string Name);
