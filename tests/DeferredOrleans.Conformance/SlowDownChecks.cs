namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 20 to 23 of docs/conformance.md, "Rate limiting and slow_down". The server runs with
/// <c>PollTolerance</c> 0 and <c>MaxSlowDownViolations</c> 3; <c>approve:me</c> has an interval of 1 s.
/// </summary>
[Collection(HttpServerCollection.Name)]
public sealed class SlowDownChecks(HttpConformanceServer server) : IDisposable
{
    /// <summary>conformance.json: Deferrals:MaxSlowDownViolations.</summary>
    private const int MaxSlowDownViolations = 3;

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check20_SecondPollWithinTheInterval_IsSlowDown()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");

        var first = await _client.PollAsync(Credentials.C1, deferral);
        var second = await _client.PollNowAsync(Credentials.C1, deferral);

        Wire.AssertError(first, "authorization_pending");
        Wire.AssertError(second, "slow_down");
    }

    [Fact]
    public async Task Check21_AfterSlowDown_OldIntervalIsSlowDownAndIntervalPlusFiveIsPending()
    {
        var repeat = await _client.DeferAsync(Credentials.C1, "approve:me");
        var backOff = await _client.DeferAsync(Credentials.C1, "approve:me");
        var original = TimeSpan.FromSeconds(repeat.Interval);

        async Task<(Reply TooFast, Reply Then)> AtTheOldIntervalAsync()
        {
            var tooFast = await _client.PollNowAsync(Credentials.C1, repeat);
            await PollInterval.WaitAsync(original);
            return (tooFast, await _client.PollNowAsync(Credentials.C1, repeat));
        }

        async Task<(Reply TooFast, Reply Then)> AtIntervalPlusFiveAsync()
        {
            var tooFast = await _client.PollNowAsync(Credentials.C1, backOff);
            return (tooFast, await _client.PollAsync(Credentials.C1, backOff));
        }

        var both = await Task.WhenAll(AtTheOldIntervalAsync(), AtIntervalPlusFiveAsync());
        var (old, plusFive) = (both[0], both[1]);

        Wire.AssertError(old.TooFast, "slow_down");
        Wire.AssertError(old.Then, "slow_down");
        Wire.AssertError(plusFive.TooFast, "slow_down");
        Assert.Equal((int)original.TotalSeconds + 5, backOff.Interval);
        Wire.AssertError(plusFive.Then, "authorization_pending");
    }

    [Fact]
    public async Task Check22_PollingWithoutPause_EndsInInvalidRequestAndTheCodeStaysDead()
    {
        // The check needs polls closer together than the 1 s interval. A machine too busy to send the first one within
        // that second answered authorization_pending, rightly, once in CI: that attempt says nothing, so take another.
        Deferral deferral;
        List<Reply> replies;
        var attempts = 0;
        do
        {
            deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
            replies = [];
            for (var i = 0; i < MaxSlowDownViolations; i++)
            {
                replies.Add(await _client.PollNowAsync(Credentials.C1, deferral));
            }
        }
        while (replies[0].Error == "authorization_pending" && ++attempts < 3);

        Assert.Equal(["slow_down", "slow_down", "invalid_request"], replies.Select(r => r.Error));
        Assert.All(replies, r => Wire.AssertError(r, r.Error!));

        // Even an approval and a poll that keeps the (grown) interval get nothing: the code is dead.
        await _client.ApproveAsync(deferral.Code);
        var timed = await _client.PollAsync(Credentials.C1, deferral);
        Assert.Contains(timed.Error, new[] { "invalid_request", "invalid_grant" });
        Wire.AssertError(timed, timed.Error!);
    }

    [Fact]
    public async Task Check23_SlowDown_DoesNotChangeTheRequestsState()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        Wire.AssertError(await _client.PollNowAsync(Credentials.C1, deferral), "slow_down");

        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertToken(token);
    }

    public void Dispose() => _client.Dispose();
}
