using System.Net;
using System.Text.Json;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 24 to 30 of docs/conformance.md, "Approval, token issuance, single use". Access tokens live 300 s
/// (Server:AccessTokenLifetime in conformance.json), deferrals 600 s or more, so the two can be told apart.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class IssuanceChecks(HttpsConformanceServer server) : IDisposable
{
    private const int AccessTokenLifetime = 300;

    private const string Payment = """[{"type":"payment_initiation","actions":["initiate","status"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";
    private const string NarrowerPayment = """[{"type":"payment_initiation","actions":["initiate"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";
    private const string BroaderPayment = """[{"type":"payment_initiation","actions":["initiate","status","cancel"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check24_ApprovedThenPolled_IsATokenResponseWithTheAccessTokensLifetime()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me read");
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync(deferral.Code)).Status);

        var token = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertToken(token);
        Assert.Equal("Bearer", token.String("token_type"));
        Assert.Equal(AccessTokenLifetime, token.Json.GetProperty("expires_in").GetInt32());
        Assert.NotEqual(deferral.ExpiresIn, token.Json.GetProperty("expires_in").GetInt32());
        Assert.Subset(new HashSet<string>(["approve:me", "read"]), token.String("scope")!.Split(' ').ToHashSet());
    }

    [Fact]
    public async Task Check25_SecondPollAfterIssuance_IsInvalidGrant()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(deferral.Code);
        Wire.AssertToken(await _client.PollAsync(Credentials.C1, deferral));

        var again = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertError(again, "invalid_grant");
        Assert.False(again.Has("access_token"));
    }

    [Fact]
    public async Task Check26_TwoConcurrentPollsAfterApproval_ExactlyOneGetsTheToken()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(deferral.Code);
        await deferral.WaitIntervalAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code))));

        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        var other = replies.Single(r => r.Status != HttpStatusCode.OK);
        Assert.Contains(other.Error, new[] { "invalid_grant", "slow_down" });
        Wire.AssertError(other, other.Error!);
    }

    [Fact]
    public async Task Check27_AccessToken_IsAnRfc9068JwtVerifiedByTheJwksUri()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.C1, deferral);
        var jwt = token.String("access_token")!;
        var jwksUri = (await _client.GetAsync("/.well-known/oauth-authorization-server")).String("jwks_uri")!;

        var jwks = (await _client.GetAsync(jwksUri)).Json;

        Assert.Equal("at+jwt", Jwt.Header(jwt).GetProperty("typ").GetString());
        Assert.True(Jwt.VerifiesWith(jwt, jwks), "the signature does not verify with the keys at jwks_uri");
        var claims = Jwt.Payload(jwt);
        Assert.Equal(server.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(Credentials.C1, claims.GetProperty("client_id").GetString());
        foreach (var claim in new[] { "sub", "aud", "exp", "iat", "jti" })
        {
            Assert.True(claims.TryGetProperty(claim, out _), $"claim {claim} is missing");
        }

        Assert.True(claims.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Check28_AccessToken_CarriesApprovalEvidenceAndExpiresByApprovedUntil()
    {
        // approve:brief: the approval lasts 60 s, less than the access token's 300 s.
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:brief");
        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.C1, deferral);

        var claims = Wire.AccessTokenClaims(token);
        var approval = claims.GetProperty("approval");

        Assert.Equal(deferral.Id, approval.GetProperty("id").GetString());
        Assert.Equal("approve-brief", approval.GetProperty("rule").GetString());
        Assert.Equal(60, approval.GetProperty("approved_until").GetInt64() - approval.GetProperty("approved_at").GetInt64());
        Assert.True(claims.GetProperty("exp").GetInt64() <= approval.GetProperty("approved_until").GetInt64());
        Assert.InRange(token.Json.GetProperty("expires_in").GetInt32(), 1, 60);
        Assert.False(string.IsNullOrEmpty(approval.GetProperty("method").GetString()));
        var quorum = approval.GetProperty("quorum");
        Assert.Equal((1, 1, 1), (quorum.GetProperty("required").GetInt32(), quorum.GetProperty("of").GetInt32(), quorum.GetProperty("approved").GetInt32()));
        var approvers = approval.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Single(approvers);
        // Pairwise identifiers, never the approver's name (AROP: the client does not learn who approved).
        Assert.DoesNotContain(approvers, a => Credentials.ApproverNames.Any(n => a.Contains(n, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Check29_AuthorizationDetails_AreEqualOrNarrowedNeverBroadened()
    {
        var asRequested = await _client.DeferAsync(Credentials.C1, "approve:me", ("authorization_details", Payment));
        var narrowed = await _client.DeferAsync(Credentials.C1, "approve:me", ("authorization_details", Payment));

        var broader = await _client.ApproveAsync(narrowed.Code, body: $$"""{"authorization_details":{{BroaderPayment}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, broader.Status);
        await _client.ApproveAsync(asRequested.Code);
        await _client.ApproveAsync(narrowed.Code, body: $$"""{"authorization_details":{{NarrowerPayment}}}""");
        var equal = await _client.PollAsync(Credentials.C1, asRequested);
        var narrow = await _client.PollAsync(Credentials.C1, narrowed);

        AssertDetails(Payment, equal);
        AssertDetails(NarrowerPayment, narrow);
    }

    [Fact]
    public async Task Check30_DeferralLifetime_IsNotTheAccessTokensLifetime()
    {
        // approve:long: the deferral code lives three hours.
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:long");
        await _client.ApproveAsync(deferral.Code);

        var token = await _client.PollAsync(Credentials.C1, deferral);

        Assert.Equal(10800, deferral.ExpiresIn);
        var claims = Wire.AccessTokenClaims(token);
        Assert.Equal(AccessTokenLifetime, token.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(AccessTokenLifetime, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    public void Dispose() => _client.Dispose();

    private static void AssertDetails(string expected, Reply token)
    {
        var claims = Wire.AccessTokenClaims(token);
        using var wanted = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(wanted.RootElement, token.Json.GetProperty("authorization_details")), token.Body);
        Assert.True(JsonElement.DeepEquals(wanted.RootElement, claims.GetProperty("authorization_details")), claims.GetRawText());
    }
}
