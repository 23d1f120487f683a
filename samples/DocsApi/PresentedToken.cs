using System.Security.Claims;
using System.Text.Json;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>What a validated access token (RFC 9068) grants, as the access rules read it.</summary>
/// <param name="Scopes">The <c>scope</c> claim, split.</param>
/// <param name="Audiences">Every <c>aud</c> value (RFC 8707 resource indicators).</param>
/// <param name="ClientId">The <c>client_id</c> claim: who writes.</param>
/// <param name="ApprovedUntil">The <c>approval</c> claim's <c>approved_until</c>: the human approval's own end; null without one.</param>
/// <param name="SenderConstrained">The token is bound to a DPoP key (<c>cnf.jkt</c>, RFC 9449 §6), or has a <c>cnf</c> this server cannot check: it may not be used as a Bearer token.</param>
/// <param name="CertificateThumbprint">RFC 8705 §3.1 <c>cnf.x5t#S256</c>: the client certificate the token may only be used with; null when unbound.</param>
public sealed record PresentedToken(
    IReadOnlySet<string> Scopes, IReadOnlySet<string> Audiences, string? ClientId, DateTimeOffset? ApprovedUntil, bool SenderConstrained, string? CertificateThumbprint = null)
{
    private const string CertificateMember = "x5t#S256";

    public static PresentedToken From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var audiences = user.FindAll("aud").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var (constrained, thumbprint) = Confirmation(user.FindFirst("cnf")?.Value);
        return new PresentedToken(scopes, audiences, user.FindFirst("client_id")?.Value, ApprovedUntilOf(user.FindFirst("approval")?.Value), constrained, thumbprint);
    }

    /// <summary>
    /// RFC 7800 §3.1 <c>cnf</c>: a certificate thumbprint alone is checked against the TLS connection; any other member
    /// (a DPoP key, or a method this server does not know) makes the token one it cannot accept as Bearer.
    /// </summary>
    private static (bool Constrained, string? Thumbprint) Confirmation(string? cnf)
    {
        if (cnf is null)
        {
            return (false, null);
        }

        try
        {
            using var json = JsonDocument.Parse(cnf);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (true, null);
            }

            var members = json.RootElement.EnumerateObject().ToList();
            var thumbprint = members.FirstOrDefault(m => m.Name == CertificateMember) is { Value.ValueKind: JsonValueKind.String } x5t ? x5t.Value.GetString() : null;
            return (members.Any(m => m.Name != CertificateMember), thumbprint);
        }
        catch (JsonException)
        {
            return (true, null);
        }
    }

    private static DateTimeOffset? ApprovedUntilOf(string? approval)
    {
        if (approval is null)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(approval);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("approved_until", out var until) && until.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
