using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// RFC 6749 §4.1.2: a replayed authorization code is refused and revokes the tokens issued from it (access tokens,
/// refresh tokens and the access tokens those refreshed), wherever tokens are checked: introspection, token exchange,
/// refresh.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthorizationCodeReplayTests(GatewayFactory factory)
{
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    [Fact]
    public async Task Code_ReplayedAfterIssuance_RevokesItsAccessAndRefreshTokens()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read", ("resource", "http://localhost"));
        var issued = await web.RedeemAsync(code, verifier);
        var refreshed = await web.RefreshAsync(issued.Json.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);

        var replay = await web.RedeemAsync(code, verifier);

        DtrConformanceTests.AssertError(replay, "invalid_grant");
        var accessToken = issued.Json.GetProperty("access_token").GetString()!;
        Assert.False(await IsActiveAsync(accessToken));
        Assert.False(await IsActiveAsync(refreshed.Json.GetProperty("access_token").GetString()!));
        DtrConformanceTests.AssertError(await web.RefreshAsync(refreshed.Json.GetProperty("refresh_token").GetString()!), "invalid_grant");
        DtrConformanceTests.AssertError(await _client.TokenAsync("exchanger", ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            ("subject_token", accessToken), ("subject_token_type", AccessTokenType), ("scope", "read")), "invalid_grant");
    }

    [Fact]
    public async Task Code_ReplayedAfterItsDeferralIssued_RevokesThoseTokens()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("approve:me");
        var deferred = await web.RedeemAsync(code, verifier, null, ("completion_mode", "deferred"));
        var deferral = deferred.Json.GetProperty("deferral_code").GetString()!;
        await _client.ApproveAsync("approver", deferral);
        var issued = await _client.PollAsync("web", deferral);
        Assert.Equal(HttpStatusCode.OK, issued.Status);

        DtrConformanceTests.AssertError(await web.RedeemAsync(code, verifier, null, ("completion_mode", "deferred")), "invalid_grant");

        Assert.False(await IsActiveAsync(issued.Json.GetProperty("access_token").GetString()!));
        DtrConformanceTests.AssertError(await web.RefreshAsync(issued.Json.GetProperty("refresh_token").GetString()!), "invalid_grant");
    }

    [Fact]
    public async Task Code_UsedOnce_LeavesItsTokensAlone()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");

        var issued = await web.RedeemAsync(code, verifier);

        Assert.True(await IsActiveAsync(issued.Json.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await web.RefreshAsync(issued.Json.GetProperty("refresh_token").GetString()!)).Status);
    }

    private async Task<bool> IsActiveAsync(string token) =>
        (await _client.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("rs", "rs-secret"), new FormUrlEncodedContent([new("token", token)])))
            .Json.GetProperty("active").GetBoolean();
}
