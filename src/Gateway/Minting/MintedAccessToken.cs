using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>A freshly minted access token: the response that carries it, and what its grant remembers of it.</summary>
public sealed record MintedAccessToken(TokenSuccess Response, IssuedAccessToken Issued);
