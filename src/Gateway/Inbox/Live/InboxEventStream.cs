using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Gateway.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Live;

/// <summary>
/// <c>GET /inbox/events</c>: the approver's inbox changes as Server-Sent Events (<c>text/event-stream</c>, HTML Living
/// Standard §9.2), one <c>inbox</c> event per change: <c>{"kind":"added"|"updated"|"removed","ids":[…]}</c>. The
/// stream is fed by a grain observer (<see cref="ChannelObserver"/>) subscribed at the approver's inbox grain, so it
/// works the same whether this gateway co-hosts a silo or is an Orleans client of a cluster. The subscription is
/// renewed every minute (Orleans drops observers it has not heard from), a comment every 20 s keeps proxies from
/// closing the stream, and the stream ends with the session; the browser reconnects by itself.
/// </summary>
public static partial class InboxEventStream
{
    public const string Path = "/inbox/events";
    public const string EventName = "inbox";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task StreamAsync(
        HttpContext http, Approver approver, IGrainFactory grains, IOptions<InboxOptions> options, IOptions<ApproverSessionOptions> sessions,
        TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(InboxEventStream));
        var sessionEnds = await SessionEndAsync(http, sessions.Value);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var changes = Channel.CreateBounded<InboxChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var observer = new ChannelObserver(changes.Writer);
        var reference = grains.CreateObjectReference<IInboxObserver>(observer);
        var inbox = grains.GetGrain<IApproverInboxGrain>(approver.Id);
        var aborted = http.RequestAborted;
        try
        {
            await inbox.SubscribeAsync(reference);
            await WriteAsync(response, "retry: 3000\n: connected\n\n", aborted);
            var renewAt = DateTime.UtcNow + options.Value.Resubscribe;
            while (!aborted.IsCancellationRequested && (sessionEnds is null || time.GetUtcNow() < sessionEnds))
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(options.Value.Heartbeat);
                try
                {
                    var change = await changes.Reader.ReadAsync(wait.Token);
                    var data = JsonSerializer.Serialize(new { Kind = change.Kind.ToString().ToLowerInvariant(), Ids = change.DeferralIds }, Json);
                    await WriteAsync(response, $"event: {EventName}\ndata: {data}\n\n", aborted);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await WriteAsync(response, ": ping\n\n", aborted);
                }

                if (DateTime.UtcNow >= renewAt)
                {
                    renewAt = DateTime.UtcNow + options.Value.Resubscribe;
                    await RenewAsync(inbox, reference, logger);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The page went away while a line was written.
        }
        finally
        {
            try
            {
                await inbox.UnsubscribeAsync(reference);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The subscription lapses by itself.
                LogUnsubscribeFailed(logger, e, approver.Id);
            }

            grains.DeleteObjectReference<IInboxObserver>(reference);
            GC.KeepAlive(observer);
        }
    }

    /// <summary>The earlier of the session's idle expiry (not renewed by this stream) and its absolute end.</summary>
    private static async Task<DateTimeOffset?> SessionEndAsync(HttpContext http, ApproverSessionOptions sessions)
    {
        var result = await http.AuthenticateAsync(ApproverSessions.Scheme);
        var idle = result.Properties?.ExpiresUtc;
        var absolute = ApproverSessions.AuthTime(http.User) + sessions.AbsoluteTimeout;
        return idle is null ? absolute : absolute is null ? idle : idle < absolute ? idle : absolute;
    }

    private static async Task RenewAsync(IApproverInboxGrain inbox, IInboxObserver reference, ILogger logger)
    {
        try
        {
            await inbox.SubscribeAsync(reference);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Tried again at the next renewal; the page still has what it shows.
            LogRenewFailed(logger, e);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken aborted)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted);
        await response.Body.FlushAsync(aborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live inbox could not renew its subscription")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A live inbox of {Approver} could not unsubscribe; it lapses by itself")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string approver);
}
