namespace DeferredOrleans.TestSupport;

/// <summary>
/// How a well-behaved test client waits out a poll interval (RFC 8628 §3.5, CIBA Core §7.3): the interval plus a small
/// margin. <c>Task.Delay</c> runs on the coarse monotonic clock and may end a tick before the server's wall clock says
/// the interval has passed; a server with <c>PollTolerance</c> 0 then rightly answers slow_down (it happened in CI to a
/// poller that waited the interval exactly). A real client's network adds more than this.
/// </summary>
public static class PollInterval
{
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits <paramref name="interval"/> and the margin; not at all when nothing is left to wait.</summary>
    public static Task WaitAsync(TimeSpan interval) => interval > TimeSpan.Zero ? Task.Delay(interval + Margin) : Task.CompletedTask;

    /// <summary>Waits an <c>interval</c> of so many seconds, as a deferred response states it, and the margin.</summary>
    public static Task WaitAsync(int seconds) => WaitAsync(TimeSpan.FromSeconds(seconds));
}
