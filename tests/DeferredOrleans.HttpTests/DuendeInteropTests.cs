using System.Net;
using System.Text;
using DeferredOrleans.Gateway.OAuth;
using Duende.IdentityModel.Client;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The whole flow driven by a client library nobody here wrote (Duende.IdentityModel): request, catch the
/// pending answer, wait, poll with the DTR grant, and get the token after an approval made through the API.
/// </summary>
[Collection(DemoGatewayCollection.Name)]
public sealed class DuendeInteropTests(DemoGatewayFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task ClientCredentials_DeferredApprovedAndPolled_YieldsTheToken()
    {
        var address = new Uri(_http.BaseAddress!, "/token").ToString();
        var request = new ClientCredentialsTokenRequest
        {
            Address = address,
            ClientId = "agent",
            ClientSecret = "agent-secret",
            Scope = "doc:write",
            Parameters = { { "resource", "doc-789" }, { "completion_mode", "deferred" } },
        };

        var deferred = await _http.RequestClientCredentialsTokenAsync(request);

        Assert.True(deferred.IsError);
        Assert.Equal(HttpStatusCode.BadRequest, deferred.HttpStatusCode);
        Assert.Equal("authorization_pending", deferred.Error);
        var code = deferred.TryGet("deferral_code");
        var interval = int.Parse(deferred.TryGet("interval")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(code);

        var poll = new TokenRequest
        {
            Address = address,
            GrantType = "urn:ietf:params:oauth:grant-type:deferred",
            ClientId = "agent",
            ClientSecret = "agent-secret",
            Parameters = { { "deferral_code", code } },
        };
        factory.Time.Advance(TimeSpan.FromSeconds(interval));
        var pending = await _http.RequestTokenAsync(poll);
        Assert.Equal("authorization_pending", pending.Error);

        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code!)}/approve")
        {
            Content = new StringContent("""{"reason":"fine"}""", Encoding.UTF8, "application/json"),
        };
        approve.Headers.Authorization = OAuthTestClient.Basic("alice", "demo");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(approve)).StatusCode);

        factory.Time.Advance(TimeSpan.FromSeconds(interval));
        var token = await _http.RequestTokenAsync(poll);

        Assert.False(token.IsError, token.Raw);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal("doc:write", token.Scope);
        Assert.Equal(600, token.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));

        factory.Time.Advance(TimeSpan.FromSeconds(interval));
        var replay = await _http.RequestTokenAsync(poll);
        Assert.Equal("invalid_grant", replay.Error);
    }
}
