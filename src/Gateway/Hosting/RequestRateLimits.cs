using System.Threading.RateLimiting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// The per-address limit on every endpoint that takes credentials (ASP.NET Core rate limiting): a token bucket per
/// client address (<see cref="ClientAddresses"/>), sized by <see cref="BruteForceOptions.PerIp"/>. A refused request
/// gets 429 <c>too_many_requests</c> with <c>Retry-After</c>, <c>no-store</c>, and is never read further.
/// </summary>
public static class RequestRateLimits
{
    public const string PerClientAddress = "per-client-address";

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerClientAddress, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<BruteForceOptions>>().Value;
                return options.Enabled
                    ? RateLimitPartition.GetTokenBucketLimiter(ClientAddresses.PartitionKey(http.Connection.RemoteIpAddress), _ => CredentialGuard.TokenBucket(options.PerIp))
                    : RateLimitPartition.GetNoLimiter("");
            });
            limiter.OnRejected = (context, cancellationToken) =>
            {
                var after = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var error = new OAuthError(OAuthErrors.TooManyRequests, "too many requests from this address; retry later") { RetryAfter = after };
                return new ValueTask(OAuthJsonResult.For(error).ExecuteAsync(context.HttpContext));
            };
        });

    /// <summary>Puts the per-address limit on every endpoint mapped inside the returned group.</summary>
    public static RouteGroupBuilder MapRateLimited(this IEndpointRouteBuilder app) =>
        app.MapGroup("").RequireRateLimiting(PerClientAddress);
}
