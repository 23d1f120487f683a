using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Token;

/// <summary>A grant whose requests can be deferred: it knows how to finish one once it is approved.</summary>
public interface IDeferrableGrant
{
    string GrantType { get; }

    /// <summary>Mints the originating grant's success response for an approved, just-redeemed deferral.</summary>
    Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance);
}
