using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// RFC 8693 token exchange: which subject and actor tokens a client may present (§2.1, §5), DPoP binding carried
/// through the exchange (RFC 9449 §6.1), and the <c>act</c> claim naming the exchanging client (§4.1).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenExchangeTests(GatewayFactory factory)
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const string TokenUrl = "http://localhost/token";
    private const string Sensitive = "https://sensitive.example/api";
    private const string UriAgent = "https://agent.example";
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    private DateTimeOffset Now => _client.Time.GetUtcNow();

    [Fact]
    public async Task TokenExchange_OwnTokenOfAnotherClientForAnotherAudience_IsInvalidGrant()
    {
        var c1Token = await OwnTokenAsync();

        var reply = await ExchangeAsync("exchanger", c1Token);

        DtrConformanceTests.AssertError(reply, "invalid_grant");
        Assert.False(reply.Has("access_token"));
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://localhost/token")]
    public async Task TokenExchange_OwnTokenWhoseAudienceNamesThisServer_IsAccepted(string audience)
    {
        var c1Token = await OwnTokenAsync(("resource", audience));

        var reply = await ExchangeAsync("exchanger", c1Token);

        Assert.Equal("c1", Claims(reply).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task TokenExchange_OwnTokenWhoseAudienceNamesTheExchangingClient_IsAcceptedFromItOnly()
    {
        var c1Token = await OwnTokenAsync(("resource", UriAgent));

        var byTheAudience = await ExchangeAsync(UriAgent, c1Token);
        var byAnother = await ExchangeAsync("exchanger", c1Token);

        Assert.Equal("c1", Claims(byTheAudience).GetProperty("sub").GetString());
        DtrConformanceTests.AssertError(byAnother, "invalid_grant");
    }

    [Fact]
    public async Task TokenExchange_OwnTokenIssuedToTheExchangingClient_IsAccepted()
    {
        var first = await ExchangeAsync("exchanger", TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1)));
        var exchangersOwn = first.Json.GetProperty("access_token").GetString()!;

        var second = await ExchangeAsync("exchanger", exchangersOwn);

        Assert.Equal("erin", Claims(second).GetProperty("sub").GetString());
        Assert.Equal("exchanger", Claims(second).GetProperty("act").GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("https://someone-else.example")]
    [InlineData("exchanger")]
    [InlineData(null)]
    public async Task TokenExchange_TrustedIssuersTokenNotForThisServer_IsInvalidGrant(string? audience)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "erin", ["exp"] = Now.AddHours(1).ToUnixTimeSeconds(), ["iat"] = Now.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (audience is not null)
        {
            claims["aud"] = audience;
        }

        var asSubject = await ExchangeAsync("exchanger", TestServerIdp.Idp.Token(claims));
        claims["jti"] = Guid.NewGuid().ToString("N");
        var asActor = await ExchangeAsync("exchanger", TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1)), null, ("actor_token", TestServerIdp.Idp.Token(claims)), ("actor_token_type", AccessTokenType));

        DtrConformanceTests.AssertError(asSubject, "invalid_grant");
        DtrConformanceTests.AssertError(asActor, "invalid_grant");
    }

    [Fact]
    public async Task TokenExchange_DpopBoundSubjectTokenWithoutAProofOrWithAnotherKey_IsInvalidDpopProof()
    {
        using var k1 = new DpopKey();
        using var k2 = new DpopKey();
        var bound = await OwnTokenAsync(k1.Proof("POST", TokenUrl, Now), ("resource", "http://localhost"));

        var withoutProof = await ExchangeAsync("exchanger", bound);
        var withK2 = await ExchangeAsync("exchanger", bound, k2.Proof("POST", TokenUrl, Now));

        DtrConformanceTests.AssertError(withoutProof, "invalid_dpop_proof");
        DtrConformanceTests.AssertError(withK2, "invalid_dpop_proof");
        Assert.False(withoutProof.Has("access_token") || withK2.Has("access_token"));
    }

    [Fact]
    public async Task TokenExchange_DpopBoundSubjectTokenWithAProofOfItsKey_IssuesATokenBoundToIt()
    {
        using var k1 = new DpopKey();
        var bound = await OwnTokenAsync(k1.Proof("POST", TokenUrl, Now), ("resource", "http://localhost"));

        var reply = await ExchangeAsync("exchanger", bound, k1.Proof("POST", TokenUrl, Now));

        Assert.Equal("DPoP", reply.Json.GetProperty("token_type").GetString());
        Assert.Equal(k1.Thumbprint, Claims(reply).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task TokenExchange_DpopBoundExternalSubjectTokenDeferred_ThePollNeedsTheKeyAndTheTokenStaysBound()
    {
        using var k1 = new DpopKey();
        var bound = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1), new() { ["cnf"] = new Dictionary<string, object> { ["jkt"] = k1.Thumbprint } });

        DtrConformanceTests.AssertError(await ExchangeAsync("exchanger", bound, null, ("resource", Sensitive), ("completion_mode", "deferred")), "invalid_dpop_proof");
        var deferred = await ExchangeAsync("exchanger", bound, k1.Proof("POST", TokenUrl, Now), ("resource", Sensitive), ("completion_mode", "deferred"));
        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        var code = deferred.Json.GetProperty("deferral_code").GetString()!;
        await _client.ApproveAsync("approver", code);
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        DtrConformanceTests.AssertError(await _client.TokenAsync("exchanger", ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code)), "invalid_dpop_proof");
        var token = await SendAsync("exchanger", k1.Proof("POST", TokenUrl, Now), ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code));

        Assert.Equal("DPoP", token.Json.GetProperty("token_type").GetString());
        Assert.Equal(k1.Thumbprint, Claims(token).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task TokenExchange_WithoutActorToken_ActNamesTheExchangingClientBeforeEarlierActors()
    {
        var subject = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1), new() { ["act"] = new Dictionary<string, object> { ["sub"] = "first-agent" } });

        var act = Claims(await ExchangeAsync("exchanger", subject)).GetProperty("act");

        Assert.Equal("exchanger", act.GetProperty("sub").GetString());
        Assert.Equal("first-agent", act.GetProperty("act").GetProperty("sub").GetString());
        Assert.False(act.GetProperty("act").TryGetProperty("act", out _));
    }

    [Fact]
    public async Task TokenExchange_ActorTokenWithItsOwnActor_NestsBehindTheExchangingClientThenTheSubjectsActors()
    {
        var subject = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1), new() { ["act"] = new Dictionary<string, object> { ["sub"] = "first-agent" } });
        var actor = TestServerIdp.UserToken("second-agent", Now, TimeSpan.FromHours(1), new() { ["act"] = new Dictionary<string, object> { ["sub"] = "helper" } });

        var act = Claims(await ExchangeAsync("exchanger", subject, null, ("actor_token", actor), ("actor_token_type", AccessTokenType))).GetProperty("act");

        Assert.Equal(["exchanger", "second-agent", "helper", "first-agent"], Chain(act));
    }

    [Fact]
    public async Task TokenExchange_OneUsersTokensAsSubjectAndActor_ActStillNamesTheExchangingClient()
    {
        var subject = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1));
        var actor = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1));

        var act = Claims(await ExchangeAsync("exchanger", subject, null, ("actor_token", actor), ("actor_token_type", AccessTokenType))).GetProperty("act");

        Assert.Equal(["exchanger", "erin"], Chain(act));
    }

    [Fact]
    public async Task TokenExchange_TheSameTokenAsSubjectAndActor_IsInvalidRequest()
    {
        var token = TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1));

        var reply = await ExchangeAsync("exchanger", token, null, ("actor_token", token), ("actor_token_type", AccessTokenType));

        DtrConformanceTests.AssertError(reply, "invalid_request");
        Assert.False(reply.Has("access_token"));
    }

    [Fact]
    public async Task TokenExchange_ActorTokenOfAnotherClientForAnotherAudience_IsInvalidGrant()
    {
        var c1Token = await OwnTokenAsync();

        var reply = await ExchangeAsync("exchanger", TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1)), null, ("actor_token", c1Token), ("actor_token_type", AccessTokenType));

        DtrConformanceTests.AssertError(reply, "invalid_grant");
    }

    /// <summary>An access token c1 gets by client_credentials (scope read), bound to a key when <paramref name="dpopProof"/> is given.</summary>
    private async Task<string> OwnTokenAsync(string? dpopProof, params (string Name, string Value)[] extra)
    {
        var reply = await SendAsync("c1", dpopProof, [("grant_type", "client_credentials"), ("scope", "read"), .. extra]);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply.Json.GetProperty("access_token").GetString()!;
    }

    private Task<string> OwnTokenAsync(params (string Name, string Value)[] extra) => OwnTokenAsync(null, extra);

    private Task<Reply> ExchangeAsync(string client, string subjectToken, string? dpopProof = null, params (string Name, string Value)[] extra) =>
        SendAsync(client, dpopProof, [("grant_type", TokenExchange), ("subject_token", subjectToken), ("subject_token_type", AccessTokenType), ("scope", "read"), .. extra]);

    private async Task<Reply> SendAsync(string client, string? dpopProof, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = OAuthTestClient.Basic(client, OAuthTestClient.SecretOf(client));
        if (dpopProof is not null)
        {
            request.Headers.Add("DPoP", dpopProof);
        }

        return await Reply.ReadAsync(await _client.Http.SendAsync(request));
    }

    private static List<string> Chain(JsonElement act)
    {
        var chain = new List<string>();
        for (var current = act; ; current = current.GetProperty("act"))
        {
            chain.Add(current.GetProperty("sub").GetString()!);
            if (!current.TryGetProperty("act", out _))
            {
                return chain;
            }
        }
    }

    private static JsonElement Claims(Reply token)
    {
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        return JsonDocument.Parse(Base64Url.DecodeFromChars(token.Json.GetProperty("access_token").GetString()!.Split('.')[1])).RootElement.Clone();
    }
}
