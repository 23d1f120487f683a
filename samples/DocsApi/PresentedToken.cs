using System.Security.Claims;
using System.Text.Json;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>What a validated access token (RFC 9068) grants, as the access rules read it.</summary>
/// <param name="Scopes">The <c>scope</c> claim, split.</param>
/// <param name="Audiences">Every <c>aud</c> value (RFC 8707 resource indicators).</param>
/// <param name="ClientId">The <c>client_id</c> claim: who writes.</param>
/// <param name="ApprovedUntil">The <c>approval</c> claim's <c>approved_until</c>: the human approval's own end; null without one.</param>
/// <param name="SenderConstrained">The token has a <c>cnf</c> claim (RFC 9449 §6): it may not be used as a Bearer token.</param>
public sealed record PresentedToken(IReadOnlySet<string> Scopes, IReadOnlySet<string> Audiences, string? ClientId, DateTimeOffset? ApprovedUntil, bool SenderConstrained)
{
    public static PresentedToken From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var audiences = user.FindAll("aud").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new PresentedToken(scopes, audiences, user.FindFirst("client_id")?.Value, ApprovedUntilOf(user.FindFirst("approval")?.Value), user.HasClaim(c => c.Type == "cnf"));
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
