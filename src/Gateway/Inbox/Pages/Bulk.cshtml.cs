using System.Collections.Immutable;
using System.Globalization;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Approvals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>POST /inbox/bulk</c>: one decision on many requests in one call to the approver's inbox grain
/// (<see cref="IApproverInboxGrain.DecideManyAsync"/>): the ticked ones, or all from one client (<c>?client=</c>) or
/// for one resource (<c>?resource=</c>) that the page showed (none that arrived after it was drawn). The answer lists
/// each request's result. A selection larger than <see cref="ApprovalOptions.MaxBulk"/> is refused whole.
/// </summary>
public sealed class BulkModel(InboxReader reader, IGrainFactory grains, TimeProvider time, IOptions<ApprovalOptions> approvals) : InboxPageModel(time)
{
    private const int MaxReasonLength = 1000;

    public bool Approve { get; private set; }

    public ImmutableArray<BulkRow> Results { get; private set; } = [];

    public int MaxBulk => approvals.Value.MaxBulk;

    public IActionResult OnGet() => Redirect("/inbox");

    public async Task<IActionResult> OnPostAsync(string? client, string? resource)
    {
        var form = Request.Form;
        if (form["decision"].ToString() is not ("approve" or "deny") || form["decision"].Count != 1)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Choose Approve or Deny. Nothing was changed.");
        }

        Approve = form["decision"] == "approve";
        var reason = form["reason"].ToString() is { Length: > 0 } text ? text : null;
        if (reason is { Length: > MaxReasonLength })
        {
            return Refuse(StatusCodes.Status400BadRequest, $"The reason may have at most {MaxReasonLength} characters. Nothing was changed.");
        }

        var pending = (await reader.PendingAsync(ApproverId)).Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        List<string> ids;
        if (client is not null || resource is not null)
        {
            // "All from this client": those the page showed, never one that arrived after it was drawn.
            var asOf = long.TryParse(form["as_of"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : Now.ToUnixTimeMilliseconds();
            ids = [.. pending.Values
                .Where(e => (client is null || e.View.ClientId == client) && (resource is null || e.Resources.Contains(resource, StringComparer.Ordinal)) &&
                    e.View.CreatedAt.ToUnixTimeMilliseconds() <= asOf)
                .OrderBy(e => e.View.ExpiresAt).Select(e => e.Id)];
        }
        else
        {
            ids = [.. form["ids"].OfType<string>().Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)];
        }

        if (ids.Count == 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, "No request was selected. Tick the requests to decide on, or use a group's Approve all. Nothing was changed.");
        }

        if (ids.Count > MaxBulk)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"{ids.Count} requests were selected; at most {MaxBulk} can be decided at once. Narrow the selection with the filters. Nothing was changed.");
        }

        var outcomes = await grains.GetGrain<IApproverInboxGrain>(ApproverId).DecideManyAsync([.. ids.Select(id => new InboxDecision(id, Approve, reason, Authentication: Api.Approver.AuthenticationOf(User)))]);
        Results = [.. ids.Zip(outcomes, (id, result) => new BulkRow(id, pending.GetValueOrDefault(id), Describe(result.Outcome, Approve)))];
        var done = Results.Count(r => r.Done);
        Notice = $"{done} of {Results.Length} {(Approve ? "approved" : "denied")}.";
        return Page();
    }

    private static (string Text, bool Done) Describe(DecisionOutcome outcome, bool approve) => outcome.Result switch
    {
        DecisionResult.Recorded => (approve ? (outcome.Status == DeferralStatus.Pending ? "approved; waiting for other approvers" : "approved") : "denied", true),
        DecisionResult.AlreadyDecided => ("you had already decided", false),
        DecisionResult.NotPending when outcome.Status == DeferralStatus.Expired => ("expired before your decision", false),
        DecisionResult.NotPending => ("no longer waiting (decided by others or cancelled)", false),
        DecisionResult.SelfApprovalForbidden => ("made on your behalf: you cannot decide on it", false),
        DecisionResult.Broadened => ("refused: broader than requested", false),
        DecisionResult.StepUpRequired => ($"refused: needs {Api.StepUpText.Describe(outcome.StepUp!)}; open it and sign in again", false),
        _ => ("not routed to you", false),
    };
}

/// <summary>One request of a bulk decision and what became of it.</summary>
public sealed record BulkRow(string Id, InboxEntry? Entry, (string Text, bool Done) Result)
{
    public bool Done => Result.Done;
}
