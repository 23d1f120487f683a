using System.Collections.Frozen;

namespace DeferredOrleans.Gateway.Token;

/// <summary>The grant handlers, by grant type.</summary>
public sealed class GrantHandlers(IEnumerable<ITokenGrantHandler> handlers)
{
    private readonly FrozenDictionary<string, ITokenGrantHandler> _handlers = handlers.ToFrozenDictionary(h => h.GrantType, StringComparer.Ordinal);

    public IEnumerable<string> GrantTypes => _handlers.Keys;

    public ITokenGrantHandler? Find(string grantType) => _handlers.GetValueOrDefault(grantType);
}
