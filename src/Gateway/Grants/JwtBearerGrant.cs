using DeferredOrleans.Gateway.Jose;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Replay;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// RFC 7523 JWT bearer assertions from trusted issuers. Every assertion is single use (its <c>jti</c> is remembered
/// durably until it expires), and a deferral never extends its life: the deferral expires with the assertion, and an
/// assertion that expired before issuance yields <c>access_denied</c> (this project's reading of
/// draft-ietf-oauth-deferred-token-response-01 §11.7; RFC 7523 §3 <c>exp</c>).
/// </summary>
public sealed class JwtBearerGrant(
    GrantAdmission admission,
    AccessTokenIssuer tokens,
    TrustedIssuers trusted,
    IGrainFactory grains,
    IOptions<ServerOptions> server,
    TimeProvider time,
    PolicyStore store) : ITokenGrantHandler, IIssuingGrant, IDeferrableGrant
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    public string GrantType => GrantTypes.JwtBearer;

    public async Task<TokenResult> HandleAsync(TokenContext context)
    {
        if (context.Request[OAuthParameters.Assertion] is not { } assertion)
        {
            return OAuthError.InvalidRequest("assertion is missing");
        }

        if (trusted.Verify(assertion) is not { } claims || Check(claims) is not { } valid)
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "the assertion is not valid");
        }

        var (access, error) = RequestedAccess.Parse(context.Request, context.Client, store.Directory);
        if (error is not null)
        {
            return error;
        }

        // RFC 7523 §3 item 7: the AS may refuse a replayed jti; it does, for as long as the assertion is valid.
        var replayKey = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{valid.Issuer}\n{valid.Jti}")));
        if (!await grains.GetGrain<IReplayGuardGrain>($"{GrainKeys.DurableReplayPrefix}jwt-bearer/{replayKey[..2]}").TryUseAsync(replayKey, valid.ExpiresAt + Skew))
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "the assertion was already used");
        }

        var request = new DeferredTokenRequest(
            context.Client.ClientId, GrantType, valid.Subject, access!.Scopes, access.Resources, access.AuthorizationDetails,
            GrantData: new GrantData(NotAfter: valid.ExpiresAt).ToJson());
        return await admission.AdmitAsync(context, request, access.AuthorizationDetailTypes, this, notAfter: valid.ExpiresAt);
    }

    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance)
    {
        if (GrantData.Parse(issuance.Request.GrantData).NotAfter <= time.GetUtcNow())
        {
            return Task.FromResult<TokenResult>(new OAuthError(OAuthErrors.AccessDenied, "the assertion expired while the request waited"));
        }

        return IssueAsync(context, issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails }, issuance.Approval);
    }

    /// <summary>RFC 7523 §3: iss, sub, aud naming this server, exp in the future, nbf and iat not in the future; and a jti.</summary>
    private Assertion? Check(JsonElement claims)
    {
        var now = time.GetUtcNow();
        var audiences = claims.TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.GetString()).ToList() : [aud.GetString()]
            : [];
        if (!ServerAudience.IsNamedIn(audiences, server.Value) ||
            !claims.TryGetProperty("sub", out var sub) || sub.GetString() is not { Length: > 0 } subject ||
            !claims.TryGetProperty("jti", out var jti) || jti.GetString() is not { Length: > 0 and <= 256 } id ||
            !claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expiresAt))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
        var notBefore = claims.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var n) ? DateTimeOffset.FromUnixTimeSeconds(n) : (DateTimeOffset?)null;
        var issued = claims.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var i) ? DateTimeOffset.FromUnixTimeSeconds(i) : (DateTimeOffset?)null;
        var valid = expires > now && expires - now <= MaxLifetime + Skew && !(notBefore > now + Skew) && !(issued > now + Skew);
        return valid ? new Assertion(claims.GetProperty("iss").GetString()!, subject, id, expires) : null;
    }

    public async Task<TokenResult> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval) =>
        new TokenResult.Issued(await tokens.IssueAsync(AccessTokenRequest.For(context, request, approval)));

    private sealed record Assertion(string Issuer, string Subject, string Jti, DateTimeOffset ExpiresAt);
}
