namespace DeferredOrleans.InteropTests;

/// <summary>
/// openid-client v6 (with oauth4webapi underneath), a library nobody here wrote, driving whole flows against the
/// server process. Each flow is a script in tests/interop-node; the script makes the library's calls and its own
/// checks, and this class asserts on the exchanges it reports.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class OpenIdClientTests(InteropServer server)
{
    private const string Ciba = "urn:openid:params:grant-type:ciba";
    private const string Deferred = "urn:ietf:params:oauth:grant-type:deferred";

    [Fact]
    public async Task Discovery_BothWellKnownDocuments_DescribeTheSameIssuerWithDtr()
    {
        var result = await NodeFlow.RunAsync(server, "discovery.mjs", new Dictionary<string, string>());

        Assert.Equal(server.Issuer, result.GetProperty("issuer").GetString());
        Assert.True(result.GetProperty("deferred_token_response_supported").GetBoolean());
        Assert.Contains(Deferred, result.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task ClientCredentials_DeferredThenPolledByTheCibaPoller_YieldsTheTokenOnce()
    {
        var result = await NodeFlow.RunAsync(server, "client-credentials-ciba-poll.mjs", Client(Party.Agent, Party.Approver));

        Assert.Equal("authorization_pending", result.GetProperty("deferred").GetProperty("error").GetString());
        Assert.Equal(1, result.GetProperty("deferred").GetProperty("interval").GetInt32());
        var exchanges = NodeFlow.Exchanges(result);
        Assert.Equal("client_credentials 400 authorization_pending", exchanges[0]);
        Assert.Contains($"{Ciba} 400 authorization_pending", exchanges);
        Assert.Equal([$"{Ciba} 200 -", $"{Ciba} 400 invalid_grant"], exchanges.TakeLast(2));
        AssertNoSlowDown(exchanges);
        Assert.Equal("approve-me", result.GetProperty("approval_rule").GetString());
    }

    [Fact]
    public async Task ClientCredentials_DeferredThenPolledWithGenericGrantRequest_YieldsTheTokenOnce()
    {
        var result = await NodeFlow.RunAsync(server, "client-credentials-dtr-poll.mjs", Client(Party.Agent, Party.Approver));

        Assert.Equal("step=approver;approved=0;required=1", result.GetProperty("progress").GetString());
        var exchanges = NodeFlow.Exchanges(result);
        Assert.Equal(
            ["client_credentials 400 authorization_pending", $"{Deferred} 400 authorization_pending", $"{Deferred} 200 -", $"{Deferred} 400 invalid_grant"],
            exchanges);
        Assert.Equal("approve:me", result.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Ciba_HintedUserApprovesThroughTheApi_PollerGetsAValidIdToken()
    {
        var result = await NodeFlow.RunAsync(server, "ciba.mjs", Client(Party.Ciba, Party.Erin));

        var exchanges = NodeFlow.Exchanges(result);
        Assert.Equal($"{Ciba} 400 authorization_pending", exchanges[0]);
        Assert.Equal($"{Ciba} 200 -", exchanges[^1]);
        AssertNoSlowDown(exchanges);
        Assert.Equal(Ciba, result.GetProperty("inbox_grant_type").GetString());
        var idToken = result.GetProperty("id_token");
        Assert.Equal(server.Issuer, idToken.GetProperty("iss").GetString());
        Assert.Equal("erin", idToken.GetProperty("sub").GetString());
        Assert.Equal("ciba", idToken.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task AuthorizationCode_WithPkceThroughTheForms_IssuesIdAndRefreshTokens()
    {
        var result = await NodeFlow.RunAsync(server, "authorization-code.mjs", WebClient());

        Assert.Equal(Party.RedirectUri, result.GetProperty("redirect").GetString());
        var idToken = result.GetProperty("id_token");
        Assert.Equal("erin", idToken.GetProperty("sub").GetString());
        Assert.Equal("web", idToken.GetProperty("aud").GetString());
        Assert.True(idToken.GetProperty("nonce_matches").GetBoolean());
        Assert.Equal("openid read", result.GetProperty("scope").GetString());
        Assert.True(result.GetProperty("refresh_token").GetBoolean());
    }

    [Fact]
    public async Task TokenExchange_DeferredThenApproved_IssuesAnActingAccessToken()
    {
        var environment = Client(Party.Exchanger, Party.Approver);
        environment["SUBJECT_CLIENT_ID"] = Party.Agent.Id;
        environment["SUBJECT_CLIENT_SECRET"] = Party.Agent.Secret;

        var result = await NodeFlow.RunAsync(server, "token-exchange.mjs", environment);

        var exchanges = NodeFlow.Exchanges(result);
        Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange 400 authorization_pending", exchanges[0]);
        Assert.Equal($"{Deferred} 200 -", exchanges[^1]);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", result.GetProperty("issued_token_type").GetString());
        Assert.Equal("agent", result.GetProperty("sub").GetString());
        Assert.Equal("exchanger", result.GetProperty("act").GetString());
    }

    [Fact]
    public async Task RefreshToken_Rotated_OldTokenIsInvalidGrant()
    {
        var result = await NodeFlow.RunAsync(server, "refresh-token.mjs", WebClient());

        Assert.True(result.GetProperty("rotated").GetBoolean());
        Assert.Equal("openid read", result.GetProperty("scope").GetString());
        Assert.Equal("invalid_grant", result.GetProperty("old_refresh_token").GetString());
    }

    private static Dictionary<string, string> Client(Party client, Party approver) => new()
    {
        ["CLIENT_ID"] = client.Id,
        ["CLIENT_SECRET"] = client.Secret,
        ["APPROVER_USER"] = approver.Id,
        ["APPROVER_PASSWORD"] = approver.Secret,
    };

    private static Dictionary<string, string> WebClient() => new()
    {
        ["CLIENT_ID"] = Party.Web.Id,
        ["CLIENT_SECRET"] = Party.Web.Secret,
        ["REDIRECT_URI"] = Party.RedirectUri,
        ["USER_NAME"] = Party.Erin.Id,
        ["USER_PASSWORD"] = Party.Erin.Secret,
    };

    // Every flow honours the interval it was given; a slow_down would mean a client or the server got the clock wrong.
    private static void AssertNoSlowDown(IEnumerable<string> exchanges) =>
        Assert.DoesNotContain(exchanges, e => e.EndsWith("slow_down", StringComparison.Ordinal));
}
