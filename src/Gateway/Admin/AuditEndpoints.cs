using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;
using DeferredOrleans.Gateway.Api;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// The audit log for admins: <c>GET /admin/audit?deferral=&amp;approver=&amp;client=&amp;from=&amp;to=&amp;limit=</c>
/// (newest first); <c>GET /admin/audit/verify</c>, which recomputes every shard's chain and checks it against the latest
/// checkpoint in the database, and <c>POST /admin/audit/verify</c> with a witness file's lines as the body, which checks
/// it against the checkpoints a witness kept; <c>POST /admin/audit/checkpoints</c> makes a checkpoint now and
/// <c>GET /admin/audit/checkpoints/latest</c> shows the latest, both in the witnesses' JSON form.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup($"{AdminEndpoints.Path}/audit").RequireAdmin();
        audit.MapGet("", QueryAsync);
        audit.MapGet("/verify", VerifyAsync);
        audit.MapPost("/verify", VerifyWitnessedAsync);
        audit.MapPost("/checkpoints", CheckpointAsync);
        audit.MapGet("/checkpoints/latest", LatestCheckpointAsync);
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
        return ApiResults.Ok(new AuditCheck(result.Intact, result.Entries, result.Problem, result.Checkpoint));
    }

    private static async Task<IResult> VerifyWitnessedAsync(HttpRequest request, IGrainFactory grains)
    {
        using var reader = new StreamReader(request.Body);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        ImmutableArray<AuditCheckpoint> witnessed;
        try
        {
            witnessed = AuditCheckpointJson.ParseLines(lines);
        }
        catch (JsonException e)
        {
            return ApiResults.BadRequest($"the body is a witness file, one checkpoint per line: {e.Message}");
        }

        if (witnessed.IsEmpty)
        {
            return ApiResults.BadRequest("the witness file holds no checkpoint");
        }

        var result = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).VerifyAsync(witnessed);
        return ApiResults.Ok(new AuditCheck(result.Intact, result.Entries, result.Problem, result.Checkpoint));
    }

    private static async Task<IResult> CheckpointAsync(IGrainFactory grains) =>
        Checkpoint(await grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).CheckpointAsync());

    private static async Task<IResult> LatestCheckpointAsync(IGrainFactory grains) =>
        Checkpoint(await grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).LatestAsync());

    private static IResult Checkpoint(AuditCheckpoint? checkpoint) => checkpoint is null
        ? ApiResults.NotFound("no checkpoint has been made yet")
        : Results.Text(AuditCheckpointJson.Serialize(checkpoint), "application/json");

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value) =>
        DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
