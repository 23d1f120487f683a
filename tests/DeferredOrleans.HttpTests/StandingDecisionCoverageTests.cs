using System.Net;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A standing decision covers exactly what its approver saw: made for the jwt-bearer request of client exchanger
/// whose subject was carol, it lets through carol's next one and nothing for another subject, grant type or client.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StandingDecisionCoverageTests(GatewayFactory factory)
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task StandingDecision_MadeForCarolsJwtBearerRequest_CoversCarolsJwtBearerRequestsOnly()
    {
        var first = await JwtBearerAsync("carol");
        DtrConformanceTests.AssertError(first, "authorization_pending");
        var approved = await _client.ApproveAsync("approver", first.Json.GetProperty("deferral_code").GetString()!, "{\"standing\":{\"hours\":8}}");
        var standing = approved.Json.GetProperty("standing_decision");
        var standingId = standing.GetProperty("id").GetString()!;
        try
        {
            var carolAgain = await JwtBearerAsync("carol");
            var bob = await JwtBearerAsync("bob");
            var dave = await JwtBearerAsync("dave");
            var clientItself = await _client.TokenAsync("exchanger", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));
            var otherClient = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));

            Assert.True(carolAgain.Status == HttpStatusCode.OK, carolAgain.Body);
            Assert.Equal("standing_decision", Approval(carolAgain).GetProperty("method").GetString());
            DtrConformanceTests.AssertError(bob, "authorization_pending");
            DtrConformanceTests.AssertError(dave, "authorization_pending");
            DtrConformanceTests.AssertError(clientItself, "authorization_pending");
            DtrConformanceTests.AssertError(otherClient, "authorization_pending");
        }
        finally
        {
            await _client.SendAsync(HttpMethod.Delete, $"/approvals/standing/{standingId}", OAuthTestClient.Basic("approver", OAuthTestClient.SecretOf("approver")));
        }
    }

    [Fact]
    public async Task StandingDecision_Listed_SaysWhatItCovers()
    {
        var first = await JwtBearerAsync("carol");
        var approved = await _client.ApproveAsync("approver", first.Json.GetProperty("deferral_code").GetString()!, "{\"standing\":{\"hours\":2}}");
        var standingId = approved.Json.GetProperty("standing_decision").GetProperty("id").GetString()!;
        try
        {
            var listed = await _client.SendAsync(HttpMethod.Get, "/approvals/standing", OAuthTestClient.Basic("approver", OAuthTestClient.SecretOf("approver")));

            var item = listed.Json.GetProperty("standing_decisions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == standingId);
            Assert.Equal(("exchanger", JwtBearer, "carol", "approve:me"),
                (item.GetProperty("client_id").GetString(), item.GetProperty("grant_type").GetString(), item.GetProperty("subject").GetString(), item.GetProperty("scope").GetString()));
            Assert.StartsWith($"{JwtBearer} requests of client exchanger for subject carol under rule approve-me", item.GetProperty("covers").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await _client.SendAsync(HttpMethod.Delete, $"/approvals/standing/{standingId}", OAuthTestClient.Basic("approver", OAuthTestClient.SecretOf("approver")));
        }
    }

    private Task<Reply> JwtBearerAsync(string subject) =>
        _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", TestServerIdp.UserToken(subject, _client.Time.GetUtcNow(), TimeSpan.FromMinutes(30))),
            ("scope", "approve:me"), ("completion_mode", "deferred"));

    private static JsonElement Approval(Reply token)
    {
        var part = token.Json.GetProperty("access_token").GetString()!.Split('.')[1];
        return JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(part)).RootElement.GetProperty("approval").Clone();
    }
}
