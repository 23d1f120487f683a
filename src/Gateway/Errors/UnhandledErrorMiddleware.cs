using System.Data.Common;
using System.Net.Sockets;
using Azure;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Errors;

/// <summary>
/// The last line of defence: an exception never reaches a client as a stack trace. Storage or cluster trouble is
/// <c>temporarily_unavailable</c> (503, <c>Retry-After</c>) so the client retries; anything else is a bug, logged,
/// and answered with <c>server_error</c>.
/// </summary>
public sealed partial class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            LogBadRequest(logger, e.StatusCode, e.Message);
            await WriteAsync(http, OAuthError.InvalidRequest("the request is malformed or too large"));
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var transient = IsTransient(e);
            LogUnhandled(logger, e, http.Request.Path, transient);
            await WriteAsync(http, transient
                ? new OAuthError(OAuthErrors.TemporarilyUnavailable, "the service is temporarily unavailable; retry later")
                : new OAuthError(OAuthErrors.ServerError, "the server could not complete the request"));
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        // Storage outages surface as RequestFailedException from the Azure SDK (status 0 when nothing answered).
        OrleansException or TimeoutException or DbException or TaskCanceledException or RequestFailedException or HttpRequestException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    private static Task WriteAsync(HttpContext http, OAuthError error)
    {
        http.Response.Clear();
        return OAuthJsonResult.For(error).ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a malformed request ({StatusCode}): {Reason}")]
    private static partial void LogBadRequest(ILogger logger, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path} (transient: {Transient})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path, bool transient);
}
