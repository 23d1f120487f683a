namespace DeferredOrleans.Conformance;

/// <summary>Checks 9 to 11 of docs/conformance.md, "Deferral code properties".</summary>
[Collection(HttpServerCollection.Name)]
public sealed class DeferralCodeChecks(HttpConformanceServer server) : IDisposable
{
    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check09_ThousandDeferralCodes_AreUrlSafeAtLeast128BitsAndDistinct()
    {
        // Eight clients' worth of concurrency keeps a thousand real HTTP round trips short.
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var mine = new List<string>();
            for (var i = 0; i < 125; i++)
            {
                mine.Add((await _client.DeferAsync(Credentials.C2, "approve:bulk")).Code);
            }

            return mine;
        }));

        var all = codes.SelectMany(c => c).ToList();
        Assert.Equal(1000, all.Count);
        Assert.Equal(1000, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, c => Assert.Matches(Wire.CodeShape(), c));
    }

    [Fact]
    public async Task Check10_TwoIdenticalRequests_GetTwoDistinctIndependentCodes()
    {
        // The implemented behaviour (no AROP de-duplication): every deferred request gets its own code.
        var first = await _client.DeferAsync(Credentials.C1, "approve:me");
        var second = await _client.DeferAsync(Credentials.C1, "approve:me");

        Assert.NotEqual(first.Code, second.Code);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _client.ApproveAsync(first.Code)).Status);
        Wire.AssertToken(await _client.PollAsync(Credentials.C1, first));
        Wire.AssertError(await _client.PollAsync(Credentials.C1, second), "authorization_pending");
    }

    [Fact]
    public async Task Check11_DeferredResponse_CarriesNoAccessRefreshOrIdToken()
    {
        var clientCredentials = (await _client.DeferAsync(Credentials.C1, "approve:me read")).Response;
        // A grant that would return all three tokens (openid, refresh) is deferred without any of them too.
        var (code, verifier) = await AuthorizationCodeFlow.AuthorizeAsync(_client, "openid approve:me");
        var authorizationCode = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier, ("completion_mode", "deferred"));

        foreach (var reply in new[] { clientCredentials, authorizationCode })
        {
            Wire.AssertError(reply, "authorization_pending");
            Assert.False(reply.Has("access_token") || reply.Has("refresh_token") || reply.Has("id_token") || reply.Has("token_type"), reply.Body);
        }
    }

    public void Dispose() => _client.Dispose();
}
