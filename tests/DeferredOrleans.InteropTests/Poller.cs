using Duende.IdentityModel.Client;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// The poll loop a Duende.IdentityModel client writes itself (the library sends one request per call): wait the
/// interval before every poll, since the deferred response counts as the previous request; keep waiting on
/// authorization_pending; add 5 s on slow_down (DTR, as RFC 8628 §3.5 and CIBA §11); stop on anything else.
/// </summary>
public static class Poller
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The <c>interval</c> of a deferred response, in seconds.</summary>
    public static int Interval(TokenResponse deferred) => int.Parse(deferred.TryGet("interval")!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The final response and the error of every earlier poll; <paramref name="onFirstPending"/> runs once.</summary>
    public static async Task<(TokenResponse Final, IReadOnlyList<string> Seen)> PollAsync(
        Func<Task<TokenResponse>> poll, int interval, Func<Task>? onFirstPending = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not resolved within {Limit.TotalSeconds} s: {string.Join(", ", seen)}");
            await PollInterval.WaitAsync(interval);
            var response = await poll();
            switch (response.Error)
            {
                case "authorization_pending":
                    if (!seen.Contains("authorization_pending") && onFirstPending is not null)
                    {
                        await onFirstPending();
                    }

                    break;
                case "slow_down":
                    interval += 5;
                    break;
                default:
                    return (response, seen);
            }

            seen.Add(response.Error!);
        }
    }
}
