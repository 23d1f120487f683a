namespace DeferredOrleans.Abstractions.Clients;

/// <summary>Where a client's registration came from, which decides whether the configuration may still replace it.</summary>
[GenerateSerializer, Alias("DeferredOrleans.ClientOrigin")]
public enum ClientOrigin
{
    /// <summary>Seeded from <c>DeferredOrleans:Clients</c> and not changed since; a changed configuration replaces it.</summary>
    Configuration,

    /// <summary>Created, or taken over by a change, through the admin API; the configuration no longer replaces it.</summary>
    Admin,

    /// <summary>Registered by the client itself (RFC 7591) and managed with its registration access token (RFC 7592).</summary>
    Dynamic,
}
