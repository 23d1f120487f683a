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
        var approvals = app.MapGroup(Path).DisableAntiforgery();
        approvals.MapGet("", ListAsync);
        approvals.MapPost("/bulk", BulkAsync);
        approvals.MapGet("/standing", ListStandingAsync);
        approvals.MapDelete("/standing/{standingId}", RevokeStandingAsync);
        approvals.MapGet("/{id}", GetAsync);
        approvals.MapPost("/{id}/approve", (HttpContext http, string id, ApproverAuthenticator approvers, IGrainFactory grains, IOptions<ApprovalOptions> options) =>
            DecideAsync(http, id, approve: true, approvers, grains, options.Value));
        approvals.MapPost("/{id}/deny", (HttpContext http, string id, ApproverAuthenticator approvers, IGrainFactory grains, IOptions<ApprovalOptions> options) =>
            DecideAsync(http, id, approve: false, approvers, grains, options.Value));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApproverAuthenticator approvers, IGrainFactory grains, ClientRegistry clients)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var query = http.Request.Query;
        var limit = DefaultPageSize;
        if (query["limit"].ToString() is { Length: > 0 } raw &&
            (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return ApprovalResponses.BadRequest($"limit must be between 1 and {MaxPageSize}");
        }

        var cursor = query["cursor"].ToString() is { Length: > 0 } after ? after : null;
        var inbox = grains.GetGrain<IApproverInboxGrain>(approver);
        var page = await inbox.ListAsync(cursor, limit);
        var views = await Task.WhenAll(page.Items.Select(i => grains.GetGrain<IDeferralGrain>(i.DeferralId).GetViewAsync(approver)));

        // The deferral is the truth; inbox entries of requests that are gone or decided are dropped on the way.
        var stale = page.Items.Zip(views).Where(p => p.Second is not { Status: DeferralStatus.Pending }).Select(p => p.First.DeferralId).ToArray();
        if (stale.Length > 0)
        {
            await inbox.RemoveAsync(stale);
        }

        var pending = views.Where(v => v is { Status: DeferralStatus.Pending }).Select(v => v!).ToImmutableArray();
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray("items");
            foreach (var view in pending)
            {
                ApprovalJson.Write(w, view, clients);
            }

            w.WriteEndArray();
            if (page.Next is { } next)
            {
                w.WriteString("next_cursor", next);
            }
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, ApproverAuthenticator approvers, IGrainFactory grains, ClientRegistry clients)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var view = DeferralCodes.IsId(id) ? await grains.GetGrain<IDeferralGrain>(id).GetViewAsync(approver) : null;
        return view is null
            ? ApprovalResponses.NotFound()
            : new OAuthJsonResult(StatusCodes.Status200OK, w =>
            {
                w.WritePropertyName("item");
                ApprovalJson.Write(w, view, clients);
            });
    }

    private static async Task<IResult> DecideAsync(HttpContext http, string id, bool approve, ApproverAuthenticator approvers, IGrainFactory grains, ApprovalOptions options)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var (document, bodyError) = await JsonBody.ReadAsync(http.Request);
        if (bodyError is not null)
        {
            return ApprovalResponses.BadRequest(bodyError);
        }

        using (document)
        {
            var (input, inputError) = DecisionInput.From(document!.RootElement, options.MaxStandingHours);
            if (inputError is not null)
            {
                return ApprovalResponses.BadRequest(inputError);
            }

            var (outcome, standing) = await grains.GetGrain<IApproverInboxGrain>(approver).DecideAsync(input.For(id, approve));
            return outcome.Result switch
            {
                DecisionResult.Recorded => new OAuthJsonResult(StatusCodes.Status200OK, w =>
                {
                    w.WriteString("id", id);
                    w.WriteString("result", "recorded");
                    w.WriteString("status", ApprovalJson.Status(outcome.Status));
                    ApprovalJson.WriteProgress(w, outcome.Progress);
                    if (standing is not null)
                    {
                        w.WritePropertyName("standing_decision");
                        ApprovalJson.WriteStanding(w, standing);
                    }
                }),
                DecisionResult.AlreadyDecided => ApprovalResponses.Error(StatusCodes.Status409Conflict, ApprovalErrors.AlreadyDecided, "you already decided on this request"),
                DecisionResult.NotPending => ApprovalResponses.Error(StatusCodes.Status409Conflict, ApprovalErrors.NotPending, $"the request is {ApprovalJson.Status(outcome.Status)}"),
                DecisionResult.SelfApprovalForbidden => ApprovalResponses.Error(StatusCodes.Status403Forbidden, ApprovalErrors.SelfApprovalForbidden, "you cannot decide on a request made on your behalf"),
                DecisionResult.Broadened => ApprovalResponses.BadRequest("an approval may only narrow the requested scope and authorization_details"),
                _ => ApprovalResponses.NotFound(),
            };
        }
    }

    /// <summary>
    /// Many decisions in one call, against consent fatigue: <c>{"decisions":[{"id":…,"decision":"approve"|"deny",
    /// "reason":…}]}</c>, or <c>{"ids":[…],"decision":"approve"}</c>. Each item gets its own result.
    /// </summary>
    private static async Task<IResult> BulkAsync(HttpContext http, ApproverAuthenticator approvers, IGrainFactory grains, IOptions<ApprovalOptions> options)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var (document, bodyError) = await JsonBody.ReadAsync(http.Request);
        if (bodyError is not null)
        {
            return ApprovalResponses.BadRequest(bodyError);
        }

        using (document)
        {
            var (items, error) = BulkItems(document!.RootElement, options.Value);
            if (error is not null)
            {
                return ApprovalResponses.BadRequest(error);
            }

            // One call: the approver's inbox grain applies each decision and answers per item.
            var outcomes = await grains.GetGrain<IApproverInboxGrain>(approver).DecideManyAsync([.. items]);
            var results = items.Zip(outcomes, (item, result) => (item.DeferralId, BulkResult(result.Outcome, item.Approve), result.Outcome.Status));
            return new OAuthJsonResult(StatusCodes.Status200OK, w =>
            {
                w.WriteStartArray("results");
                foreach (var (id, result, status) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("result", result);
                    w.WriteString("status", ApprovalJson.Status(status));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
    }

    private static (List<InboxDecision> Items, string? Error) BulkItems(JsonElement body, ApprovalOptions options)
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

            items.AddRange(ids.EnumerateArray().Select(id => (input with { StandingHours = null }).For(id.ValueKind == JsonValueKind.String ? id.GetString()! : "", approve)));
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

                items.Add(input.For(id.GetString()!, approve));
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
        _ => "not_permitted",
    };

    private static async Task<IResult> ListStandingAsync(HttpContext http, ApproverAuthenticator approvers, IGrainFactory grains)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var standing = await grains.GetGrain<IStandingDecisionsGrain>(approver).ListAsync();
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray("standing_decisions");
            foreach (var decision in standing)
            {
                ApprovalJson.WriteStanding(w, decision);
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> RevokeStandingAsync(HttpContext http, string standingId, ApproverAuthenticator approvers, IGrainFactory grains)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return ApprovalResponses.Unauthenticated();
        }

        if (!await grains.GetGrain<IStandingDecisionsGrain>(approver).RevokeAsync(standingId))
        {
            return ApprovalResponses.Error(StatusCodes.Status404NotFound, ApprovalErrors.NotFound, "no such standing decision of yours is in force");
        }

        return new OAuthJsonResult(StatusCodes.Status200OK, w => w.WriteString("result", "revoked"));
    }
}
