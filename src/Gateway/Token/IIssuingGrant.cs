using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Token;

/// <summary>A grant that issues as soon as admission allows it; <c>GrantAdmission.AdmitAsync</c> calls it back.</summary>
public interface IIssuingGrant
{
    /// <summary>
    /// Mints the grant's success response for <paramref name="request"/> now, with the approval that let it through
    /// (a standing decision), or none when policy allowed it outright.
    /// </summary>
    Task<TokenResult> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval);
}
