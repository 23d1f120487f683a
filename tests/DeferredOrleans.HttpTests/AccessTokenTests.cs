using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Checks 27, 28 and 30 of docs/conformance.md: RFC 9068 tokens, verified with the keys published at <c>jwks_uri</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessTokenTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Check27_IssuedToken_IsAnAtJwtSignedWithThePublishedKey()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"), ("resource", "https://api.example/orders"));

        var token = await ValidateAsync(reply);

        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal("http://localhost", token.Issuer);
        Assert.Equal("c1", token.Subject);
        Assert.Equal(["https://api.example/orders"], token.Audiences);
        Assert.Equal("c1", token.GetClaim("client_id").Value);
        Assert.Equal("read", token.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal(600, (token.ValidTo - token.IssuedAt).TotalSeconds);
        Assert.False(token.TryGetPayloadValue<JsonElement>("approval", out _));
    }

    [Fact]
    public async Task Check28_TokenAfterApproval_CarriesEvidenceAndNeverOutlivesTheApproval()
    {
        var code = await _client.DeferAsync("c1", "approve:short");
        await _client.ApproveAsync("approver", code);

        var token = await ValidateAsync(await _client.PollAsync("c1", code));

        var approval = JsonDocument.Parse(token.GetPayloadValue<JsonElement>("approval").GetRawText()).RootElement;
        Assert.Equal("approve-short", approval.GetProperty("rule").GetString());
        Assert.Equal("named_approver", approval.GetProperty("method").GetString());
        Assert.Equal(1, approval.GetProperty("quorum").GetProperty("approved").GetInt32());
        var approvers = approval.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Single(approvers);
        Assert.DoesNotContain("approver", approvers);
        Assert.DoesNotContain("approver", token.EncodedPayload, StringComparison.Ordinal);
        var approvedUntil = approval.GetProperty("approved_until").GetInt64();
        Assert.Equal(approval.GetProperty("approved_at").GetInt64() + 120, approvedUntil);
        Assert.True(new DateTimeOffset(token.ValidTo).ToUnixTimeSeconds() <= approvedUntil);
    }

    [Fact]
    public async Task Check30_DeferralLifetime_IsNotTheTokensLifetime()
    {
        var code = await _client.DeferAsync("c1", "approve:long");
        await _client.ApproveAsync("approver", code);

        var reply = await _client.PollAsync("c1", code);
        var token = await ValidateAsync(reply);

        Assert.Equal(600, reply.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(600, (token.ValidTo - token.IssuedAt).TotalSeconds);
    }

    [Fact]
    public async Task ApprovalEvidence_ForQuorum_CountsTwoOfThreeWithPairwiseIds()
    {
        var code = await _client.DeferAsync("c1", "approve:quorum");
        await _client.ApproveAsync("bob", code);
        await _client.ApproveAsync("carol", code);

        var token = await ValidateAsync(await _client.PollAsync("c1", code));

        var approval = token.GetPayloadValue<JsonElement>("approval");
        Assert.Equal("quorum", approval.GetProperty("method").GetString());
        var quorum = approval.GetProperty("quorum");
        Assert.Equal((2, 3, 2), (quorum.GetProperty("required").GetInt32(), quorum.GetProperty("of").GetInt32(), quorum.GetProperty("approved").GetInt32()));
        var ids = approval.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{22}$", id));
    }

    private async Task<JsonWebToken> ValidateAsync(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        var jwks = await _client.Http.GetStringAsync(new Uri("/jwks", UriKind.Relative));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(reply.Json.GetProperty("access_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = "http://localhost",
            ValidateAudience = false,
            // The server runs on a fake clock; lifetimes are checked against it in the tests instead.
            ValidateLifetime = false,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidTypes = ["at+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
