using System.Net;
using System.Text.RegularExpressions;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The checks of docs/conformance.md that the spine covers, named by their numbers there, through the whole HTTP
/// pipeline. C1 is "c1", C2 is "c2", and scope <c>approve:me</c> always needs approval.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class DtrConformanceTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Check01_Metadata_AnnouncesDeferredTokenResponse()
    {
        var reply = await _client.SendAsync(HttpMethod.Get, "/.well-known/oauth-authorization-server", null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("http://localhost", reply.Json.GetProperty("issuer").GetString());
        Assert.True(reply.Json.GetProperty("deferred_token_response_supported").GetBoolean());
        Assert.Contains(OAuthTestClient.DeferredGrant, Strings(reply, "grant_types_supported"));
        Assert.Contains("client_credentials", Strings(reply, "grant_types_supported"));
        Assert.Contains("urn:ietf:params:oauth:token-type:deferral-code", Strings(reply, "revocation_endpoint_token_type_values_supported"));
        Assert.Equal("http://localhost/token", reply.Json.GetProperty("token_endpoint").GetString());
    }

    [Fact]
    public async Task Check02_NeedsApprovalWithoutOptIn_IsRefusedSynchronously()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"));

        AssertError(reply, "invalid_scope");
        Assert.False(reply.Has("deferral_code"));
        Assert.Contains("completion_mode=deferred", reply.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check03_OptIn_GetsTheDeferredResponse()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));

        AssertError(reply, "authorization_pending");
        Assert.True(reply.Json.GetProperty("expires_in").GetInt32() > 0);
        Assert.True(reply.Json.GetProperty("interval").GetInt32() > 0);
        Assert.Equal(reply.Json.GetProperty("deferral_code").GetString(), reply.Json.GetProperty("auth_req_id").GetString());
    }

    [Fact]
    public async Task Check04_UnknownExtraCompletionMode_IsIgnored()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred foo"));

        AssertError(reply, "authorization_pending");
        Assert.True(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check05_OnlyUnknownCompletionMode_IsHandledSynchronously()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "foo"));

        AssertError(reply, "invalid_scope");
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check06_AllowedRequestWithOptIn_IsIssuedAtOnce()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"), ("completion_mode", "deferred"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Has("access_token"));
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check07_BadSecretWithOptIn_IsInvalidClientWithChallenge()
    {
        var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "approve:me"), new("completion_mode", "deferred")]);

        var reply = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic("c1", "wrong"), form);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("invalid_client", reply.Error);
        Assert.Contains("Basic", reply.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False(reply.Has("deferral_code"));
    }

    [Theory]
    [InlineData("scope", "no-such-scope", "invalid_scope")]
    [InlineData("resource", "not a uri", "invalid_target")]
    [InlineData("authorization_details", "{\"type\":1}", "invalid_authorization_details")]
    public async Task Check08_MalformedRequestWithOptIn_GetsTheSynchronousError(string parameter, string value, string error)
    {
        var form = new List<(string, string)> { ("grant_type", "client_credentials"), ("completion_mode", "deferred"), (parameter, value) };
        if (parameter != "scope")
        {
            form.Add(("scope", "approve:me"));
        }

        var reply = await _client.TokenAsync("c1", [.. form]);

        AssertError(reply, error);
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check09_DeferralCodes_AreUrlSafeLongAndDistinct()
    {
        var codes = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            codes.Add(await _client.DeferAsync("c2", "approve:bulk"));
        }

        Assert.Equal(1000, codes.Count);
        Assert.All(codes, c => Assert.Matches(CodeShape(), c));
    }

    [Fact]
    public async Task Check10_TwoIdenticalRequests_GetTwoCodes()
    {
        Assert.NotEqual(await _client.DeferAsync("c1", "approve:me"), await _client.DeferAsync("c1", "approve:me"));
    }

    [Fact]
    public async Task Check11_DeferredResponse_CarriesNoToken()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));

        Assert.False(reply.Has("access_token") || reply.Has("refresh_token") || reply.Has("id_token"));
    }

    [Fact]
    public async Task Check12And13_PollWhilePending_IsPendingWithNoStoreAndNoToken()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var reply = await _client.PollAsync("c1", code);

        AssertError(reply, "authorization_pending");
        Assert.False(reply.Has("access_token") || reply.Has("deferral_code") || reply.Has("interval"));
    }

    [Fact]
    public async Task Check14_PollWithoutCode_IsInvalidRequest()
    {
        AssertError(await _client.TokenAsync("c1", ("grant_type", OAuthTestClient.DeferredGrant)), "invalid_request");
    }

    [Fact]
    public async Task Check15And16_UnknownAndOtherClientsCodes_ReadTheSame()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var unknown = await _client.PollAsync("c1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var others = await _client.PollAsync("c2", code);
        var garbage = await _client.PollAsync("c1", "not-a-code");

        AssertError(unknown, "invalid_grant");
        Assert.Equal(unknown.Body, others.Body);
        Assert.Equal(unknown.Body, garbage.Body);
        AssertError(await _client.PollAsync("c1", code), "authorization_pending");
    }

    [Fact]
    public async Task Check17_PollWithoutClientAuthentication_IsInvalidClient()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        var form = new FormUrlEncodedContent([new("grant_type", OAuthTestClient.DeferredGrant), new("deferral_code", code)]);

        var reply = await _client.SendAsync(HttpMethod.Post, "/token", null, form);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("invalid_client", reply.Error);
        Assert.Equal("no-store", reply.CacheControl);
    }

    [Theory]
    [InlineData("completion_mode", "deferred")]
    [InlineData("scope", "read")]
    [InlineData("resource", "https://api.example/")]
    public async Task Check18_PollWithOriginatingParameters_IsInvalidRequest(string parameter, string value)
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        _client.Time.Advance(TimeSpan.FromSeconds(5));

        var reply = await _client.TokenAsync("c1", ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code), (parameter, value));

        AssertError(reply, "invalid_request");
    }

    [Fact]
    public async Task Check19_MisspelledPollGrant_IsUnsupported()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var reply = await _client.TokenAsync("c1", ("grant_type", "urn:ietf:params:oauth:grant-type:deferred_code"), ("deferral_code", code));

        AssertError(reply, "unsupported_grant_type");
    }

    [Fact]
    public async Task Check20_TwoPollsWithinTheInterval_SecondIsSlowDown()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var first = await _client.PollAsync("c1", code);
        var second = await _client.PollAsync("c1", code, waitSeconds: 2);

        AssertError(first, "authorization_pending");
        AssertError(second, "slow_down");
    }

    [Fact]
    public async Task Check21_AfterSlowDown_OldIntervalIsTooFastAndIntervalPlusFiveIsNot()
    {
        var repeat = await _client.DeferAsync("c1", "approve:me");
        AssertError(await _client.PollAsync("c1", repeat, waitSeconds: 1), "slow_down");
        AssertError(await _client.PollAsync("c1", repeat, waitSeconds: 5), "slow_down");

        var backOff = await _client.DeferAsync("c1", "approve:me");
        AssertError(await _client.PollAsync("c1", backOff, waitSeconds: 1), "slow_down");
        AssertError(await _client.PollAsync("c1", backOff, waitSeconds: 10), "authorization_pending");
    }

    [Fact]
    public async Task Check23_SlowDown_DoesNotChangeTheRequest()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        AssertError(await _client.PollAsync("c1", code, waitSeconds: 0), "slow_down");

        await _client.ApproveAsync("approver", code);

        Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("c1", code, waitSeconds: 10)).Status);
    }

    [Fact]
    public async Task Check24And25_ApprovedPoll_IssuesOnceThenInvalidGrant()
    {
        var code = await _client.DeferAsync("c1", "approve:me read");
        await _client.ApproveAsync("approver", code);

        var issued = await _client.PollAsync("c1", code);
        var again = await _client.PollAsync("c1", code);

        Assert.Equal(HttpStatusCode.OK, issued.Status);
        Assert.Equal("no-store", issued.CacheControl);
        Assert.Equal("no-cache", issued.Response.Headers.Pragma.ToString());
        Assert.Equal("Bearer", issued.Json.GetProperty("token_type").GetString());
        Assert.Equal(600, issued.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(["approve:me", "read"], issued.Json.GetProperty("scope").GetString()!.Split(' ').Order());
        AssertError(again, "invalid_grant");
        Assert.Contains("already redeemed", again.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check26_TwoConcurrentPollsAfterApproval_ExactlyOneGetsTheToken()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);
        _client.Time.Advance(TimeSpan.FromSeconds(5));

        var replies = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            _client.TokenAsync("c1", ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code))));

        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.Contains(replies.Single(r => r.Status != HttpStatusCode.OK).Error, new[] { "invalid_grant", "slow_down" });
    }

    [Fact]
    public async Task Check31_Denied_PollsGetAccessDenied()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.DenyAsync("approver", code, """{"reason":"not today"}""");

        AssertError(await _client.PollAsync("c1", code), "access_denied");
        AssertError(await _client.PollAsync("c1", code), "access_denied");
    }

    [Fact]
    public async Task Check32_NoDecisionBeforeExpiry_IsExpiredToken()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var reply = await _client.PollAsync("c1", code, waitSeconds: 600);

        AssertError(reply, "expired_token");
    }

    [Fact]
    public async Task Check33_ApprovalAfterExpiry_IsRefusedAndNoTokenIsIssued()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        _client.Time.Advance(TimeSpan.FromMinutes(10));

        var late = await _client.ApproveAsync("approver", code);

        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        AssertError(await _client.PollAsync("c1", code), "expired_token");
    }

    [Fact]
    public async Task SeedAlias_PollWithAuthReqId_Works()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);
        _client.Time.Advance(TimeSpan.FromSeconds(5));

        var reply = await _client.TokenAsync("c1", ("grant_type", OAuthTestClient.DeferredGrant), ("auth_req_id", code));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task SeedStyleClient_IsDeferredWithoutOptIn()
    {
        var reply = await _client.TokenAsync("seed-agent", ("grant_type", "client_credentials"), ("scope", "approve:me"));

        AssertError(reply, "authorization_pending");
        Assert.True(reply.Has("auth_req_id"));
    }

    [Fact]
    public async Task ConsentStaleness_ApprovalOlderThanItsLifetime_IsAccessDenied()
    {
        var code = await _client.DeferAsync("c1", "approve:short");
        await _client.ApproveAsync("approver", code);

        AssertError(await _client.PollAsync("c1", code, waitSeconds: 121), "access_denied");
    }

    [Fact]
    public async Task DisabledClient_IsInvalidClient()
    {
        var reply = await _client.TokenAsync("disabled", ("grant_type", "client_credentials"), ("scope", "read"));

        Assert.Equal("invalid_client", reply.Error);
    }

    internal static void AssertError(Reply reply, string error)
    {
        Assert.True(error == reply.Error, $"expected {error}, got {(int)reply.Status} {reply.Body}");
        Assert.Equal(error == "invalid_client" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("no-store", reply.CacheControl);
        Assert.StartsWith("application/json", reply.Response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        if (reply.Description is { } description)
        {
            // RFC 6749 §5.2: error_description stays within %x20-21 / %x23-5B / %x5D-7E.
            Assert.Matches(DescriptionShape(), description);
        }
    }

    private static IEnumerable<string?> Strings(Reply reply, string member) => reply.Json.GetProperty(member).EnumerateArray().Select(e => e.GetString());

    [GeneratedRegex("^[A-Za-z0-9._-]{22,}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("^[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*$")]
    private static partial Regex DescriptionShape();
}
