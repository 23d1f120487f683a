using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>A token request after its body was read and its client authenticated.</summary>
public sealed record TokenContext(HttpContext Http, OAuthRequest Request, ClientRegistration Client);
