using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Minting;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// The signing keys for admins: <c>GET /admin/keys</c> lists ids, states and times (never key material);
/// <c>POST /admin/keys/rotate</c> (body <c>{}</c>) promotes the next key, or schedules that if it is too new.
/// </summary>
public static class KeyEndpoints
{
    public const string Path = $"{AdminEndpoints.Path}/keys";

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup(Path).RequireAdmin();
        keys.MapGet("", ListAsync);
        keys.MapPost("/rotate", RotateAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        ApiResults.Ok(KeyList.From(await grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetScheduleAsync()));

    /// <summary>The body is <c>{}</c>: a JSON body keeps a browser's cross-site form post from rotating (see <see cref="ApiBody"/>).</summary>
    private static async Task<IResult> RotateAsync(Approver admin, ApiBody body, ServerKeys keys, IGrainFactory grains, TimeProvider time, ILoggerFactory loggers)
    {
        var result = await keys.RotateAsync();
        var answer = KeyRotationAnswer.From(result);
        var detail = string.Join(", ", answer.Keys.Select(k => $"{k.Kid} {k.State}"));
        await grains.RecordAsync(
            new AuditEvent("keys.rotated", time.GetUtcNow(), ApproverId: admin.Id, Detail: $"{answer.Outcome}{(answer.PromotionAt is { } at ? $" for {at:O}" : "")}: {detail}"),
            loggers.CreateLogger(typeof(KeyEndpoints)));
        return ApiResults.Ok(answer);
    }
}
