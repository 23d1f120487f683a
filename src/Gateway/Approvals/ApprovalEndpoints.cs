using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// The approval API, for people and machines: one inbox across all clients and resources, each request's details,
/// approve or deny one or many at once, and standing decisions. Only approvers a request is routed to can see or
/// decide it; nothing changes on any refusal.
/// </summary>
public static class ApprovalEndpoints
{
    public const string Path = "/approvals";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup(Path).RequireApprover();
        approvals.MapGet("", ListAsync);
        approvals.MapPost("/bulk", BulkAsync);
        approvals.MapGet("/standing", ListStandingAsync);
        approvals.MapDelete("/standing/{standingId}", RevokeStandingAsync);
        approvals.MapGet("/{id}", GetAsync);
        approvals.MapPost("/{id}/approve", (string id, Approver approver, ApiBody body, IGrainFactory grains, IOptions<ApprovalOptions> options) =>
            DecideAsync(id, approve: true, approver, body, grains, options.Value));
        approvals.MapPost("/{id}/deny", (string id, Approver approver, ApiBody body, IGrainFactory grains, IOptions<ApprovalOptions> options) =>
            DecideAsync(id, approve: false, approver, body, grains, options.Value));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, Approver approver, IGrainFactory grains, ClientRegistry clients, ClientStore store)
    {
        var query = request.Query;
        var limit = DefaultPageSize;
        if (query["limit"].ToString() is { Length: > 0 } raw &&
            (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return ApiResults.BadRequest($"limit must be between 1 and {MaxPageSize}");
        }

        var cursor = query["cursor"].ToString() is { Length: > 0 } after ? after : null;
        var inbox = grains.GetGrain<IApproverInboxGrain>(approver.Id);
        var page = await inbox.ListAsync(cursor, limit);
        var views = await Task.WhenAll(page.Items.Select(i => grains.GetGrain<IDeferralGrain>(i.DeferralId).GetViewAsync(approver.Id)));

        // The deferral is the truth; inbox entries of requests that are gone or decided are dropped on the way.
        var stale = page.Items.Zip(views).Where(p => p.Second is not { Status: DeferralStatus.Pending }).Select(p => p.First.DeferralId).ToArray();
        if (stale.Length > 0)
        {
            await inbox.RemoveAsync(stale);
        }

        await store.WarmAsync(views.Where(v => v is not null).Select(v => v!.ClientId));
        var pending = views.Where(v => v is { Status: DeferralStatus.Pending }).Select(v => ApprovalItem.From(v!, clients)).ToImmutableArray();
        return ApiResults.Ok(new ApprovalList(pending, page.Next));
    }

    private static async Task<IResult> GetAsync(string id, Approver approver, IGrainFactory grains, ClientRegistry clients, ClientStore store)
    {
        if ((DeferralCodes.IsId(id) ? await grains.GetGrain<IDeferralGrain>(id).GetViewAsync(approver.Id) : null) is not { } view)
        {
            return ApiResults.NotFound();
        }

        await store.WarmAsync([view.ClientId]);
        return ApiResults.Ok(new ApprovalDetail(ApprovalItem.From(view, clients)));
    }

    private static async Task<IResult> DecideAsync(string id, bool approve, Approver approver, ApiBody body, IGrainFactory grains, ApprovalOptions options)
    {
        var (input, inputError) = DecisionInput.From(body.Root, options.MaxStandingHours);
        if (inputError is not null)
        {
            return ApiResults.BadRequest(inputError);
        }

        var (outcome, standing) = await grains.GetGrain<IApproverInboxGrain>(approver.Id).DecideAsync(input.For(id, approve, approver.Authentication));
        return outcome.Result switch
        {
            DecisionResult.Recorded => ApiResults.Ok(new DecisionRecorded(
                id, "recorded", outcome.Status, QuorumStep.From(outcome.Progress), standing is null ? null : StandingDecisionItem.From(standing))),
            DecisionResult.AlreadyDecided => ApiResults.Conflict(ApiErrors.AlreadyDecided, "you already decided on this request"),
            DecisionResult.NotPending => ApiResults.Conflict(ApiErrors.NotPending, $"the request is {ApiJson.Name(outcome.Status)}"),
            DecisionResult.SelfApprovalForbidden => ApiResults.Error(StatusCodes.Status403Forbidden, ApiErrors.SelfApprovalForbidden, "you cannot decide on a request made on your behalf"),
            DecisionResult.Broadened => ApiResults.BadRequest("an approval may only narrow the requested scope and authorization_details"),
            DecisionResult.StepUpRequired => ApiResults.StepUpRequired(outcome.StepUp!),
            _ => ApiResults.NotFound(),
        };
    }

    /// <summary>
    /// Many decisions in one call, against consent fatigue: <c>{"decisions":[{"id":…,"decision":"approve"|"deny",
    /// "reason":…}]}</c>, or <c>{"ids":[…],"decision":"approve"}</c>. Each item gets its own result.
    /// </summary>
    private static async Task<IResult> BulkAsync(Approver approver, ApiBody body, IGrainFactory grains, IOptions<ApprovalOptions> options)
    {
        var (items, error) = BulkItems(body.Root, options.Value, approver.Authentication);
        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        // One call: the approver's inbox grain applies each decision and answers per item.
        var outcomes = await grains.GetGrain<IApproverInboxGrain>(approver.Id).DecideManyAsync([.. items]);
        return ApiResults.Ok(new BulkResults([.. items.Zip(outcomes, (item, result) =>
            new BulkItemResult(item.DeferralId, BulkResult(result.Outcome, item.Approve), result.Outcome.Status))]));
    }

    private static (List<InboxDecision> Items, string? Error) BulkItems(JsonElement body, ApprovalOptions options, DecisionAuthentication? authentication)
    {
        var items = new List<InboxDecision>();
        if (body.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            if (!TryDecision(body, out var approve))
            {
                return (items, "decision must be \"approve\" or \"deny\"");
            }

            var (input, error) = DecisionInput.From(body, options.MaxStandingHours);
            if (error is not null)
            {
                return (items, error);
            }

            items.AddRange(ids.EnumerateArray().Select(id => (input with { StandingHours = null }).For(id.ValueKind == JsonValueKind.String ? id.GetString()! : "", approve, authentication)));
        }
        else if (body.TryGetProperty("decisions", out var decisions) && decisions.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in decisions.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || !TryDecision(item, out var approve))
                {
                    return (items, "every decision needs an id and a decision of \"approve\" or \"deny\"");
                }

                var (input, error) = DecisionInput.From(item, options.MaxStandingHours);
                if (error is not null)
                {
                    return (items, error);
                }

                items.Add(input.For(id.GetString()!, approve, authentication));
            }
        }
        else
        {
            return (items, "send {\"decisions\":[…]} or {\"ids\":[…],\"decision\":…}");
        }

        return items.Count is 0 || items.Count > options.MaxBulk
            ? (items, $"send from 1 to {options.MaxBulk} decisions")
            : (items, null);
    }

    private static bool TryDecision(JsonElement item, out bool approve)
    {
        var decision = item.TryGetProperty("decision", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        approve = decision == "approve";
        return decision is "approve" or "deny";
    }

    private static string BulkResult(DecisionOutcome outcome, bool approve) => outcome.Result switch
    {
        DecisionResult.Recorded => approve ? "approved" : "denied",
        DecisionResult.AlreadyDecided => "already_decided",
        DecisionResult.NotPending when outcome.Status == DeferralStatus.Expired => "expired",
        DecisionResult.NotPending => "not_pending",
        DecisionResult.Broadened => "invalid",
        DecisionResult.StepUpRequired => ApiErrors.InsufficientUserAuthentication,
        _ => "not_permitted",
    };

    private static async Task<IResult> ListStandingAsync(Approver approver, IGrainFactory grains) =>
        ApiResults.Ok(new StandingDecisionList([.. (await grains.GetGrain<IStandingDecisionsGrain>(approver.Id).ListAsync()).Select(StandingDecisionItem.From)]));

    private static async Task<IResult> RevokeStandingAsync(string standingId, Approver approver, IGrainFactory grains) =>
        await grains.GetGrain<IStandingDecisionsGrain>(approver.Id).RevokeAsync(standingId)
            ? ApiResults.Ok(new ApiOutcome("revoked"))
            : ApiResults.NotFound("no such standing decision of yours is in force");
}
