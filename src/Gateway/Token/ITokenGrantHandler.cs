namespace DeferredOrleans.Gateway.Token;

/// <summary>One grant type at the token endpoint; handlers are looked up by <see cref="GrantType"/>.</summary>
public interface ITokenGrantHandler
{
    string GrantType { get; }

    Task<TokenResult> HandleAsync(TokenContext context);
}
