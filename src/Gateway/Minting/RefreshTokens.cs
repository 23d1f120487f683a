using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// Refresh tokens are <c>family.secret</c>: the family id names the grant's grain, the 256-bit secret is stored
/// only as its digest. A family never outlives the approval it came from (AROP: no refresh after approved_until).
/// </summary>
public sealed class RefreshTokens(IGrainFactory grains, IOptions<ServerOptions> options, ReauthorizationPlanner reauthorization, TimeProvider time)
{
    private const int FamilyLength = 22;
    private const int SecretLength = 43;

    public static (string Token, string Digest) NewToken(string family)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{family}.{secret}", Digest(secret));
    }

    public static bool TryParse(string token, out string family, out string digest)
    {
        family = "";
        digest = "";
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot != FamilyLength || token.Length != FamilyLength + 1 + SecretLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return false;
        }

        family = token[..dot];
        digest = Digest(token[(dot + 1)..]);
        return true;
    }

    /// <summary>
    /// Starts a family for a new grant, remembering the access token issued with it, and returns its first token
    /// with the RT-EXP bounds, the family's id and when it ends.
    /// </summary>
    public async Task<(string Token, string Family, DateTimeOffset EndsAt, int Timeout, int AuthorizationExpiresIn)> StartAsync(
        ClientRegistration client, DeferredTokenRequest request, ApprovalEvidence? approval, string? dpopJkt, IssuedAccessToken accessToken)
    {
        var now = time.GetUtcNow();
        var ends = now + reauthorization.Lifetime(client);
        if (approval is not null && approval.ApprovedUntil < ends)
        {
            ends = approval.ApprovedUntil;
        }

        var family = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var (token, digest) = NewToken(family);
        var grant = new RefreshFamily(request.ClientId, request.Subject, request.Scopes, request.Resources, request.AuthorizationDetails, request.Actor, dpopJkt, ends, options.Value.RefreshTokenIdleTimeout,
            reauthorization.TermsFor(client, request));
        await grains.GetGrain<IRefreshTokenFamilyGrain>(family).CreateAsync(grant, digest, accessToken);
        return (token, family, ends, Seconds(Min(options.Value.RefreshTokenIdleTimeout, ends - now)), Seconds(ends - now));
    }

    public (int Timeout, int AuthorizationExpiresIn) Bounds(RefreshOutcome outcome)
    {
        var now = time.GetUtcNow();
        var ends = outcome.Family!.AuthorizationExpiresAt;
        return (Seconds(Min(outcome.IdleExpiresAt!.Value, ends) - now), Seconds(ends - now));
    }

    private static string Digest(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, span.TotalSeconds);
}
