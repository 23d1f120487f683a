using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Approvals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>/inbox/{id}</c>: one request with everything an approver needs (binding message, the policy's reasons, its
/// history), and the decision: approve or deny with a reason, narrowed by unticking scopes or details, optionally
/// with a standing decision. A request that is not routed to the approver is a 404, like one that does not exist.
/// </summary>
public sealed class DetailModel(InboxReader reader, IGrainFactory grains, TimeProvider time, IOptions<ApprovalOptions> approvals) : InboxPageModel(time)
{
    private const int MaxReasonLength = 1000;

    /// <summary>Standing decisions offered, in hours (those up to <see cref="ApprovalOptions.MaxStandingHours"/>).</summary>
    private static readonly int[] StandingChoices = [1, 4, 8, 24, 72, 168];

    public InboxEntry? Entry { get; private set; }

    public ImmutableArray<AuditEntry> History { get; private set; } = [];

    /// <summary>The standing decision just made with an approval, to show what it covers.</summary>
    public StandingDecision? Standing { get; private set; }

    public IReadOnlyList<int> StandingHours => [.. StandingChoices.Where(h => h <= approvals.Value.MaxStandingHours)];

    /// <summary>The authorization_details objects that can be approved now, each with its description.</summary>
    public IReadOnlyList<string> GrantedDetails => Entry is null ? [] : DetailText.DescribeAll(Entry.View.GrantedAuthorizationDetails);

    /// <summary>Whether this approver can still decide (pending, and not decided by them yet).</summary>
    public bool CanDecide => Entry is { IsPending: true, View.MyDecision: null };

    public async Task<IActionResult> OnGetAsync(string id, string? decided, string? standing)
    {
        if (!await LoadAsync(id))
        {
            return NotFoundPage();
        }

        Notice = decided switch
        {
            "approved" => "You approved this request.",
            "denied" => "You denied this request.",
            _ => null,
        };
        if (standing is not null)
        {
            Standing = (await grains.GetGrain<IStandingDecisionsGrain>(ApproverId).ListAsync()).FirstOrDefault(s => s.Id == standing);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFoundPage();
        }

        var form = Request.Form;
        if (form["decision"].ToString() is not ("approve" or "deny") || form["decision"].Count != 1)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Choose Approve or Deny.");
        }

        var approve = form["decision"] == "approve";
        var reason = form["reason"].ToString() is { Length: > 0 } text ? text : null;
        if (reason is { Length: > MaxReasonLength })
        {
            return Refuse(StatusCodes.Status400BadRequest, $"The reason may have at most {MaxReasonLength} characters.");
        }

        var (scopes, details, hours, problem) = approve ? Narrowing(form) : (null, null, null, null);
        if (problem is not null)
        {
            return Refuse(StatusCodes.Status400BadRequest, problem);
        }

        var result = await grains.GetGrain<IApproverInboxGrain>(ApproverId).DecideAsync(new InboxDecision(id, approve, reason, scopes, details, hours, Api.Approver.AuthenticationOf(User)));
        return result.Outcome.Result switch
        {
            DecisionResult.Recorded => Redirect($"/inbox/{id}?decided={(approve ? "approved" : "denied")}{(result.Standing is { } s ? $"&standing={Uri.EscapeDataString(s.Id)}" : "")}"),
            DecisionResult.AlreadyDecided => Refuse(StatusCodes.Status409Conflict, "You already decided on this request; nothing was changed."),
            DecisionResult.NotPending => Refuse(StatusCodes.Status409Conflict, $"This request is no longer waiting (it is {ApiStatus(result.Outcome.Status)}); nothing was changed."),
            DecisionResult.SelfApprovalForbidden => Refuse(StatusCodes.Status403Forbidden, "This request was made on your behalf; you cannot decide on it. Nothing was changed."),
            DecisionResult.Broadened => Refuse(StatusCodes.Status400BadRequest, "An approval may only narrow what was asked (fewer scopes or details), never add to it. Nothing was changed."),
            DecisionResult.StepUpRequired => StepUpPage(result.Outcome.StepUp!),
            _ => NotFoundPage(),
        };
    }

    /// <summary>The row of the list for this request (for the list's script), or 204 when it no longer belongs there.</summary>
    public async Task<IActionResult> OnGetRowAsync(string id)
    {
        var filter = InboxFilter.From(Request.Query);
        if (await reader.FindAsync(ApproverId, id) is not { IsPending: true } entry || !filter.Apply([entry], Now).Any())
        {
            return new NoContentResult();
        }

        return Partial("_Row", new RowModel(entry, Now, filter.Sort));
    }

    /// <summary>The status and progress section alone (for this page's script after a change).</summary>
    public async Task<IActionResult> OnGetStatusAsync(string id)
    {
        Entry = await reader.FindAsync(ApproverId, id);
        return Entry is null ? NotFound() : Partial("_Status", this);
    }

    private async Task<bool> LoadAsync(string id)
    {
        ViewData["RequestId"] = id;
        Entry = await reader.FindAsync(ApproverId, id);
        if (Entry is null)
        {
            return false;
        }

        History = await grains.GetGrain<IApproverInboxGrain>(ApproverId).HistoryAsync(id) ?? [];
        return true;
    }

    /// <summary>The rule's step-up for an approval of this approver's, in words, or null when any sign-in will do.</summary>
    public string? StepUp => Entry?.View.ApproverAuthentication is { } required ? Api.StepUpText.Describe(required) : null;

    /// <summary>Where to sign in again with a passkey and come back to this request (step-up).</summary>
    public string StepUpLink => $"{Api.ApproverSessions.SignInPath}?stepUp=passkey&returnUrl={Uri.EscapeDataString($"/inbox/{Entry?.Id}")}";

    /// <summary>An approval refused for want of a fresh enough sign-in (step-up): say what is needed and where to get it.</summary>
    private IActionResult StepUpPage(AuthenticationRequirement required)
    {
        return Refuse(StatusCodes.Status401Unauthorized, $"This approval needs {Api.StepUpText.Describe(required)}. Sign in again with a passkey, then approve. Nothing was changed.");
    }

    private PageResult NotFoundPage()
    {
        Entry = null;
        ViewData["RequestId"] = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>
    /// What the form narrows: the scopes and details left ticked (null when all are), and the standing decision's
    /// hours. The server checks again that this only narrows (<c>Narrowing</c> in the deferral); here the form is read.
    /// </summary>
    private (ImmutableArray<string>? Scopes, string? Details, int? Hours, string? Problem) Narrowing(IFormCollection form)
    {
        var view = Entry!.View;
        ImmutableArray<string>? scopes = null;
        if (form.ContainsKey("scopes_shown"))
        {
            var ticked = form["scope"].OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray();
            if (ticked.IsEmpty && !view.GrantedScopes.IsEmpty)
            {
                return (null, null, null, "Keep at least one scope ticked, or deny the request.");
            }

            scopes = ticked.ToHashSet(StringComparer.Ordinal).SetEquals(view.GrantedScopes) ? null : ticked;
        }

        string? details = null;
        if (form.ContainsKey("details_shown") && view.GrantedAuthorizationDetails is { } granted && JsonNode.Parse(granted) is JsonArray all)
        {
            var indices = new List<int>();
            foreach (var value in form["detail"].OfType<string>())
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= all.Count)
                {
                    return (null, null, null, "The form named a detail this request does not have. Nothing was changed.");
                }

                indices.Add(index);
            }

            indices = [.. indices.Distinct().Order()];
            if (indices.Count == 0 && all.Count > 0)
            {
                return (null, null, null, "Keep at least one detail ticked, or deny the request.");
            }

            details = indices.Count == all.Count ? null : new JsonArray([.. indices.Select(i => all[i]!.DeepClone())]).ToJsonString();
        }

        int? hours = null;
        if (form["standing"].ToString() is { Length: > 0 } raw && raw != "0")
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > approvals.Value.MaxStandingHours)
            {
                return (null, null, null, $"A standing decision lasts from 1 to {approvals.Value.MaxStandingHours} hours.");
            }

            hours = value;
        }

        return (scopes, details, hours, null);
    }

    private static string ApiStatus(DeferralStatus status) => status.ToString().ToLowerInvariant();
}
