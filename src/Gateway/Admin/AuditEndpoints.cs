using System.Globalization;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Gateway.Api;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// The audit log for admins: <c>GET /admin/audit?deferral=&amp;approver=&amp;client=&amp;from=&amp;to=&amp;limit=</c>
/// (newest first) and <c>GET /admin/audit/verify</c>, which recomputes the whole hash chain.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup($"{AdminEndpoints.Path}/audit").RequireAdmin();
        audit.MapGet("", QueryAsync);
        audit.MapGet("/verify", VerifyAsync);
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IGrainFactory grains)
    {
        var q = request.Query;
        var from = Time(q["from"]);
        var to = Time(q["to"]);
        var limit = 100;
        if ((q["from"].Count > 0 && from is null) || (q["to"].Count > 0 && to is null) ||
            (q["limit"].ToString() is { Length: > 0 } raw && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)))
        {
            return ApiResults.BadRequest("from and to are ISO 8601 times, limit is 1 to 1000");
        }

        var query = new AuditQuery(Text(q["deferral"]), Text(q["approver"]), Text(q["client"]), from, to, limit);
        var entries = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(query);
        return ApiResults.Ok(new AuditPage([.. entries.Select(AuditEntryItem.From)]));
    }

    private static async Task<IResult> VerifyAsync(IGrainFactory grains)
    {
        var result = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).VerifyAsync();
        return ApiResults.Ok(new AuditCheck(result.Intact, result.Entries, result.Problem));
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value) =>
        DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
