using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>A freshly issued token response and what the grant it came from remembers of it.</summary>
public sealed record MintedTokenSet(TokenSuccess Response, IssuedTokenSet Issued);
