using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// RFC 7009 for refresh tokens: revoking one ends its family and the access tokens issued with the family's tokens;
/// the hint orders the search but is not trusted; another client's token, or a stale one, changes nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RevocationTests(GatewayFactory factory)
{
    private const string TokenUrl = "http://localhost/token";
    private const string RevokeUrl = "http://localhost/revoke";
    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    [Fact]
    public async Task Revoke_RefreshToken_EndsItsFamilyAndTheAccessTokensIssuedWithIt()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");
        var first = await web.RedeemAsync(code, verifier);
        var second = await web.RefreshAsync(first.Json.GetProperty("refresh_token").GetString()!);
        var refresh = second.Json.GetProperty("refresh_token").GetString()!;

        var revoke = await web.RevokeAsync(refresh, "refresh_token");

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.Equal("no-store", revoke.CacheControl);
        DtrConformanceTests.AssertError(await web.RefreshAsync(refresh), "invalid_grant");
        Assert.False(await IsActiveAsync(first.Json.GetProperty("access_token").GetString()!));
        Assert.False(await IsActiveAsync(second.Json.GetProperty("access_token").GetString()!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("access_token")]
    [InlineData("urn:ietf:params:oauth:token-type:deferral-code")]
    [InlineData("urn:example:unknown")]
    public async Task Revoke_RefreshTokenWithoutOrWithAnotherHint_IsStillRevoked(string? hint)
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");
        var tokens = await web.RedeemAsync(code, verifier);
        var refresh = tokens.Json.GetProperty("refresh_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await web.RevokeAsync(refresh, hint)).Status);

        DtrConformanceTests.AssertError(await web.RefreshAsync(refresh), "invalid_grant");
        Assert.False(await IsActiveAsync(tokens.Json.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Revoke_AnotherClientsRefreshToken_Is200AndChangesNothing()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");
        var tokens = await web.RedeemAsync(code, verifier);
        var refresh = tokens.Json.GetProperty("refresh_token").GetString()!;

        var revoke = await _client.SendAsync(HttpMethod.Post, "/revoke", OAuthTestClient.Basic("c1", "c1-secret"),
            new FormUrlEncodedContent([new("token", refresh), new("token_type_hint", "refresh_token")]));

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.True(await IsActiveAsync(tokens.Json.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await web.RefreshAsync(refresh)).Status);
    }

    [Fact]
    public async Task Revoke_StaleRefreshToken_Is200AndChangesNothing()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");
        var stale = (await web.RedeemAsync(code, verifier)).Json.GetProperty("refresh_token").GetString()!;
        var current = await web.RefreshAsync(stale);

        Assert.Equal(HttpStatusCode.OK, (await web.RevokeAsync(stale, "refresh_token")).Status);

        Assert.True(await IsActiveAsync(current.Json.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await web.RefreshAsync(current.Json.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Fact]
    public async Task Revoke_DpopBoundRefreshToken_NeedsAProofOfItsKey()
    {
        using var k1 = new DpopKey();
        using var k2 = new DpopKey();
        var app = new AuthorizationCodeFlow(_client, "p-web", isPublic: true);
        var (code, verifier) = await app.AuthorizeAsync("read");
        var tokens = await app.RedeemAsync(code, verifier, k1.Proof("POST", TokenUrl, Now));
        var refresh = tokens.Json.GetProperty("refresh_token").GetString()!;

        var withoutProof = await app.RevokeAsync(refresh, "refresh_token");
        var withK2 = await app.RevokeAsync(refresh, "refresh_token", k2.Proof("POST", RevokeUrl, Now));

        DtrConformanceTests.AssertError(withoutProof, "invalid_dpop_proof");
        DtrConformanceTests.AssertError(withK2, "invalid_dpop_proof");
        Assert.True(await IsActiveAsync(tokens.Json.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await app.RevokeAsync(refresh, "refresh_token", k1.Proof("POST", RevokeUrl, Now))).Status);
        DtrConformanceTests.AssertError(await app.RefreshAsync(refresh, k1.Proof("POST", TokenUrl, Now)), "invalid_grant");
        Assert.False(await IsActiveAsync(tokens.Json.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Refresh_ReusedToken_AlsoRevokesTheFamilysAccessTokens()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await web.AuthorizeAsync("read");
        var first = await web.RedeemAsync(code, verifier);
        var oldRefresh = first.Json.GetProperty("refresh_token").GetString()!;
        var second = await web.RefreshAsync(oldRefresh);

        DtrConformanceTests.AssertError(await web.RefreshAsync(oldRefresh), "invalid_grant");

        Assert.False(await IsActiveAsync(first.Json.GetProperty("access_token").GetString()!));
        Assert.False(await IsActiveAsync(second.Json.GetProperty("access_token").GetString()!));
    }

    private DateTimeOffset Now => _client.Time.GetUtcNow();

    private async Task<bool> IsActiveAsync(string token) =>
        (await _client.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("rs", "rs-secret"), new FormUrlEncodedContent([new("token", token)])))
            .Json.GetProperty("active").GetBoolean();
}
