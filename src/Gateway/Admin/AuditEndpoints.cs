using System.Globalization;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// The audit log for admins: <c>GET /admin/audit?deferral=&amp;approver=&amp;client=&amp;from=&amp;to=&amp;limit=</c>
/// (newest first) and <c>GET /admin/audit/verify</c>, which recomputes the whole hash chain.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{AdminEndpoints.Path}/audit", QueryAsync);
        app.MapGet($"{AdminEndpoints.Path}/audit/verify", VerifyAsync);
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpContext http, ApproverAuthenticator approvers, PolicyStore store, IGrainFactory grains)
    {
        if (AdminEndpoints.Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        var q = http.Request.Query;
        var from = Time(q["from"]);
        var to = Time(q["to"]);
        var limit = 100;
        if ((q["from"].Count > 0 && from is null) || (q["to"].Count > 0 && to is null) ||
            (q["limit"].ToString() is { Length: > 0 } raw && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)))
        {
            return ApprovalResponses.BadRequest("from and to are ISO 8601 times, limit is 1 to 1000");
        }

        var query = new AuditQuery(Text(q["deferral"]), Text(q["approver"]), Text(q["client"]), from, to, limit);
        var entries = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(query);
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", entry.Sequence);
                w.WriteString("kind", entry.Event.Kind);
                w.WriteString("at", entry.Event.At.UtcDateTime);
                w.WriteString("deferral", entry.Event.DeferralId);
                w.WriteString("client", entry.Event.ClientId);
                w.WriteString("approver", entry.Event.ApproverId);
                w.WriteString("subject", entry.Event.Subject);
                w.WriteString("detail", entry.Event.Detail);
                w.WriteString("hash", entry.Hash);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, ApproverAuthenticator approvers, PolicyStore store, IGrainFactory grains)
    {
        if (AdminEndpoints.Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        var result = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).VerifyAsync();
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteBoolean("intact", result.Intact);
            w.WriteNumber("entries", result.Entries);
            w.WriteString("problem", result.Problem);
        });
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value) =>
        DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
