using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// What an approver sends with a decision: an optional <c>reason</c>; when approving, optionally a narrower
/// <c>scope</c> (space-separated) or <c>authorization_details</c> (array), and <c>standing</c>
/// (<c>{"hours": N}</c>) to approve this client doing this again for the next N hours without being asked.
/// </summary>
public sealed record DecisionInput(string? Reason, ImmutableArray<string>? Scopes, string? AuthorizationDetails, int? StandingHours)
{
    private const int MaxReasonLength = 1000;

    public static readonly DecisionInput Empty = new(null, null, null, null);

    /// <summary>This input as the approver's decision on one request, made with the caller's authentication.</summary>
    public InboxDecision For(string deferralId, bool approve, DecisionAuthentication? authentication) =>
        new(deferralId, approve, Reason, Scopes, AuthorizationDetails, StandingHours, authentication);


    public static (DecisionInput Input, string? Error) From(JsonElement body, int maxStandingHours)
    {
        string? reason = null;
        if (body.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.String || r.GetString()!.Length > MaxReasonLength)
            {
                return (Empty, $"reason must be a string of at most {MaxReasonLength} characters");
            }

            reason = r.GetString();
        }

        ImmutableArray<string>? scopes = null;
        if (body.TryGetProperty("scope", out var s))
        {
            if (s.ValueKind != JsonValueKind.String)
            {
                return (Empty, "scope must be a space-separated string");
            }

            scopes = [.. s.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        string? details = null;
        if (body.TryGetProperty("authorization_details", out var d))
        {
            if (d.ValueKind != JsonValueKind.Array)
            {
                return (Empty, "authorization_details must be an array");
            }

            details = d.GetRawText();
        }

        int? hours = null;
        if (body.TryGetProperty("standing", out var standing))
        {
            if (standing.ValueKind != JsonValueKind.Object || !standing.TryGetProperty("hours", out var h) || !h.TryGetInt32(out var value) || value < 1 || value > maxStandingHours)
            {
                return (Empty, $"standing must be {{\"hours\": N}} with N from 1 to {maxStandingHours}");
            }

            hours = value;
        }

        return (new DecisionInput(reason, scopes, details, hours), null);
    }
}
