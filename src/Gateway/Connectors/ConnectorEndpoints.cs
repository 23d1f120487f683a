using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Replay;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Gateway.Api;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Connectors;

/// <summary>
/// <c>POST /connectors/{approverId}/callback</c>: an external system reports on its task. The message must be signed
/// with the approver's connector secret (<see cref="ConnectorSignature"/>), fresh, and never seen before; anything
/// else is refused and changes nothing. A webhook outcome becomes the approver's decision, durable before the
/// answer; an ARAP callback only makes the task read its status endpoint again.
/// </summary>
public static partial class ConnectorEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapConnectorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ConnectorBindings.CallbackPath, CallbackAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext http, string approverId, ConnectorCredentials credentials, IGrainFactory grains, TimeProvider time, IOptions<ConnectorOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ConnectorEndpoints));
        var body = await JsonBody.ReadBytesAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, ConnectorErrors.InvalidRequest, $"the body must be at most {MaxBodyBytes} bytes");
        }

        // Unknown approvers get the same answer as bad signatures, so the endpoint does not reveal who has a connector.
        if (credentials.CallbackKey(approverId) is not var (secret, kind))
        {
            return Unsigned("the callback is not signed by a known connector");
        }

        var now = time.GetUtcNow();
        var headers = http.Request.Headers;
        var tolerance = options.Value.CallbackTolerance;
        var check = ConnectorSignature.Verify(
            secret, headers[ConnectorSignature.TimestampHeader], headers[ConnectorSignature.SignatureHeader], body, now, tolerance, out var signature);
        if (check != SignatureCheck.Valid)
        {
            // Logged, not audited: an unauthenticated caller must not be able to make the server write storage.
            var why = check switch
            {
                SignatureCheck.Stale => "the signed timestamp is outside the allowed window",
                SignatureCheck.Malformed => "the signature or timestamp header is malformed",
                _ => "the signature is missing or does not match",
            };
            LogRejected(logger, approverId, why);
            return Unsigned(why);
        }

        // A signed message is accepted once; the timestamp window bounds how long the guard must remember it. The key
        // is the signature that matched in its canonical form, so a respelled header (upper case, repeated, padded) is
        // the same message.
        var replayId = $"{approverId}\n{signature}";
        var guard = grains.GetGrain<IReplayGuardGrain>($"{GrainKeys.DurableReplayPrefix}connector/{Bucket(replayId)}");
        if (!await guard.TryUseAsync(replayId, now + (2 * tolerance)))
        {
            await RejectedAsync(grains, now, approverId, "the message was already received (replay)", logger);
            return Unsigned("the message was already received");
        }

        var (message, error) = CallbackMessage.Parse(body, kind);
        if (error is not null)
        {
            return Error(StatusCodes.Status400BadRequest, ConnectorErrors.InvalidRequest, error);
        }

        var task = grains.GetGrain<IApprovalTaskGrain>(GrainKeys.ApprovalTask(approverId, message!.TaskId));
        var answer = message.Outcome is { } outcome ? await task.ReceiveOutcomeAsync(outcome) : await task.RefreshAsync();
        return answer.Result switch
        {
            CallbackResult.Recorded => Answer(StatusCodes.Status200OK, "recorded", answer.Status),
            CallbackResult.Ignored => Answer(StatusCodes.Status202Accepted, "ignored", answer.Status),
            CallbackResult.NotPending => Error(StatusCodes.Status409Conflict, ConnectorErrors.NotPending, "the task is finished or the request is no longer pending"),
            CallbackResult.Invalid => Error(StatusCodes.Status400BadRequest, ConnectorErrors.InvalidRequest, "an approval may only narrow the requested scope and authorization_details"),
            _ => Error(StatusCodes.Status404NotFound, ConnectorErrors.NotFound, "no such task"),
        };
    }

    /// <summary>A correctly signed message refused (a replay): the sender is the connector, so this is audited.</summary>
    private static Task RejectedAsync(IGrainFactory grains, DateTimeOffset now, string approverId, string why, ILogger logger)
    {
        LogRejected(logger, approverId, why);
        return grains.RecordAsync(new AuditEvent("connector.callback_rejected", now, ApproverId: approverId, Detail: why), logger);
    }

    private static string Bucket(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)).AsSpan(0, 1));

    private static ApiResult<ApiError> Unsigned(string description) => Error(StatusCodes.Status401Unauthorized, ConnectorErrors.InvalidSignature, description);

    private static ApiResult<ApiError> Error(int status, string error, string description) => ApiResults.Error(status, error, description);

    private static ApiResult<CallbackReply> Answer(int status, string result, DeferralStatus? deferral) => new(status, new CallbackReply(result, deferral));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector callback for approver {ApproverId} refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string approverId, string reason);
}
