using System.Diagnostics;

namespace DeferredOrleans.Conformance;

/// <summary>
/// A deferral as a well-behaved client tracks it: the code, the interval it must keep (grown by 5 s on every
/// slow_down, RFC 8628 §3.5) and when it last heard from the server.
/// </summary>
public sealed class Deferral
{
    private long _lastAnswer = Stopwatch.GetTimestamp();

    public Deferral(Reply response)
    {
        Response = response;
        Code = response.String("deferral_code") ?? throw new InvalidOperationException($"No deferral_code in {response}");
        Interval = response.Json.GetProperty("interval").GetInt32();
        ExpiresIn = response.Json.GetProperty("expires_in").GetInt32();
    }

    /// <summary>The deferred response itself.</summary>
    public Reply Response { get; }

    public string Code { get; }

    /// <summary>The approval API's id of the request: base64url(SHA-256(ASCII deferral_code)), unpadded.</summary>
    public string Id => ApprovalIds.Of(Code);

    /// <summary>Seconds the client waits between polls; starts at the deferred response's interval.</summary>
    public int Interval { get; private set; }

    public int ExpiresIn { get; }

    /// <summary>Time since the client last received an answer about this code.</summary>
    public TimeSpan SinceLastAnswer => Stopwatch.GetElapsedTime(_lastAnswer);

    /// <summary>Waits until the interval since the last answer has passed (the server measures from the request before).</summary>
    public Task WaitIntervalAsync() => PollInterval.WaitAsync(TimeSpan.FromSeconds(Interval) - SinceLastAnswer);

    /// <summary>Records an answer to a poll.</summary>
    public void Observe(Reply reply)
    {
        _lastAnswer = Stopwatch.GetTimestamp();
        if (reply.Error == "slow_down")
        {
            // RFC 8628 §3.5, CIBA §11: add (at least) 5 s for this and every later poll.
            Interval += 5;
        }
    }
}
