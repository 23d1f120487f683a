using System.Threading.RateLimiting;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Bounds the PBKDF2 work in flight: <c>permits</c> computations at once, up to <c>queueLimit</c> waiting (oldest
/// first) for at most <c>timeout</c>; beyond that a verification is refused at once. A flood of guesses then queues
/// here instead of taking every core from the requests that need no PBKDF2.
/// </summary>
public sealed class HashingGate(int permits, int queueLimit, TimeSpan timeout, TimeProvider time) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, permits),
        QueueLimit = Math.Max(0, queueLimit),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A slot, to dispose when the computation is done; null when none came free in time or the queue is full.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        try
        {
            var lease = await _limiter.AcquireAsync(1, linked.Token);
            if (lease.IsAcquired)
            {
                return lease;
            }

            lease.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _limiter.Dispose();
}
