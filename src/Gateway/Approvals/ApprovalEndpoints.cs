using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Approvals;
using DeferredOrleans.Deferrals;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// The approval API, for people and machines: list the pending requests routed to me, look at one, approve or
/// deny it. Only approvers a request was routed to can see or decide it; nothing changes on any refusal.
/// </summary>
public static class ApprovalEndpoints
{
    public const string Path = "/approvals";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private const int MaxReasonLength = 1000;

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup(Path).DisableAntiforgery();
        approvals.MapGet("", ListAsync);
        approvals.MapGet("/{id}", GetAsync);
        approvals.MapPost("/{id}/approve", (HttpContext http, string id, ApproverAuthenticator approvers, IGrainFactory grains) => DecideAsync(http, id, approve: true, approvers, grains));
        approvals.MapPost("/{id}/deny", (HttpContext http, string id, ApproverAuthenticator approvers, IGrainFactory grains) => DecideAsync(http, id, approve: false, approvers, grains));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApproverAuthenticator approvers, IGrainFactory grains, ClientRegistry clients)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return Unauthenticated();
        }

        var query = http.Request.Query;
        var limit = DefaultPageSize;
        if (query["limit"].ToString() is { Length: > 0 } raw &&
            (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return Error(StatusCodes.Status400BadRequest, ApprovalErrors.InvalidRequest, $"limit must be between 1 and {MaxPageSize}");
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
            return Unauthenticated();
        }

        var view = DeferralCodes.IsId(id) ? await grains.GetGrain<IDeferralGrain>(id).GetViewAsync(approver) : null;
        return view is null
            ? NotFound()
            : new OAuthJsonResult(StatusCodes.Status200OK, w =>
            {
                w.WritePropertyName("item");
                ApprovalJson.Write(w, view, clients);
            });
    }

    private static async Task<IResult> DecideAsync(HttpContext http, string id, bool approve, ApproverAuthenticator approvers, IGrainFactory grains)
    {
        if (approvers.Authenticate(http.Request) is not { } approver)
        {
            return Unauthenticated();
        }

        var (body, bodyError) = await ReadDecisionAsync(http.Request);
        if (bodyError is not null)
        {
            return Error(StatusCodes.Status400BadRequest, ApprovalErrors.InvalidRequest, bodyError);
        }

        if (!DeferralCodes.IsId(id))
        {
            return NotFound();
        }

        var decision = new ApproverDecision(approver, approve, body.Reason, body.Scopes, body.AuthorizationDetails);
        var outcome = await grains.GetGrain<IDeferralGrain>(id).DecideAsync(decision);
        return outcome.Result switch
        {
            DecisionResult.Recorded => new OAuthJsonResult(StatusCodes.Status200OK, w =>
            {
                w.WriteString("id", id);
                w.WriteString("result", "recorded");
                w.WriteString("status", ApprovalJson.Status(outcome.Status));
                ApprovalJson.WriteProgress(w, outcome.Progress);
            }),
            DecisionResult.AlreadyDecided => Error(StatusCodes.Status409Conflict, ApprovalErrors.AlreadyDecided, "you already decided on this request"),
            DecisionResult.NotPending => Error(StatusCodes.Status409Conflict, ApprovalErrors.NotPending, $"the request is {ApprovalJson.Status(outcome.Status)}"),
            DecisionResult.SelfApprovalForbidden => Error(StatusCodes.Status403Forbidden, ApprovalErrors.SelfApprovalForbidden, "you cannot decide on a request made on your behalf"),
            DecisionResult.Broadened => Error(StatusCodes.Status400BadRequest, ApprovalErrors.InvalidRequest, "an approval may only narrow the requested scope and authorization_details"),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// Decisions take a JSON body: <c>{}</c>, or with any of <c>reason</c>, and (approving) a narrower <c>scope</c>
    /// (space-separated) or <c>authorization_details</c> (array). Requiring JSON also keeps browsers from deciding
    /// through a cross-site form post with remembered Basic credentials.
    /// </summary>
    private static async Task<(DecisionBody Body, string? Error)> ReadDecisionAsync(HttpRequest request)
    {
        var empty = new DecisionBody(null, null, null);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (empty, "the body must be application/json, e.g. {} or {\"reason\":\"...\"}");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (empty, "the body must be a JSON object");
            }

            string? reason = null;
            if (root.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
            {
                if (r.ValueKind != JsonValueKind.String || r.GetString()!.Length > MaxReasonLength)
                {
                    return (empty, $"reason must be a string of at most {MaxReasonLength} characters");
                }

                reason = r.GetString();
            }

            ImmutableArray<string>? scopes = null;
            if (root.TryGetProperty("scope", out var s))
            {
                if (s.ValueKind != JsonValueKind.String)
                {
                    return (empty, "scope must be a space-separated string");
                }

                scopes = [.. s.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }

            string? details = null;
            if (root.TryGetProperty("authorization_details", out var d))
            {
                if (d.ValueKind != JsonValueKind.Array)
                {
                    return (empty, "authorization_details must be an array");
                }

                details = d.GetRawText();
            }

            return (new DecisionBody(reason, scopes, details), null);
        }
        catch (JsonException)
        {
            return (empty, "the body is not valid JSON");
        }
    }

    private static OAuthJsonResult Unauthenticated() =>
        Error(StatusCodes.Status401Unauthorized, ApprovalErrors.Unauthorized, "approver authentication required", new Dictionary<string, string> { [HeaderNames.WWWAuthenticate] = ApproverAuthenticator.Challenge });

    private static OAuthJsonResult NotFound() => Error(StatusCodes.Status404NotFound, ApprovalErrors.NotFound, "no such request is routed to you");

    private static OAuthJsonResult Error(int status, string error, string description, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, w =>
        {
            w.WriteString(OAuthParameters.Error, error);
            w.WriteString(OAuthParameters.ErrorDescription, description);
        }, headers);

    private sealed record DecisionBody(string? Reason, ImmutableArray<string>? Scopes, string? AuthorizationDetails);
}
