namespace DeferredOrleans.Conformance;

/// <summary>Checks 12 to 19 of docs/conformance.md, "Polling while pending".</summary>
[Collection(HttpServerCollection.Name)]
public sealed class PollingChecks(HttpConformanceServer server) : IDisposable
{
    /// <summary>A code of the right shape that was never issued.</summary>
    private const string UnknownCode = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check12_PollAfterTheInterval_IsAuthorizationPending()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");

        var reply = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertError(reply, "authorization_pending");
    }

    [Fact]
    public async Task Check13_PendingPoll_HasNoStoreAndNoTokenAndDoesNotRepeatTheCode()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");

        var reply = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertError(reply, "authorization_pending");
        Assert.Equal("no-store", reply.CacheControl);
        Assert.False(reply.Has("access_token") || reply.Has("refresh_token") || reply.Has("id_token"), reply.Body);
        // draft-ietf-oauth-deferred-token-response-01 §6.4, §6.6: deferral_code and interval are not repeated.
        Assert.False(reply.Has("deferral_code") || reply.Has("interval"), reply.Body);
    }

    [Fact]
    public async Task Check14_PollWithoutDeferralCode_IsInvalidRequest()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant));

        Wire.AssertError(reply, "invalid_request");
    }

    [Fact]
    public async Task Check15_PollWithUnknownCode_IsInvalidGrant()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", UnknownCode));

        Wire.AssertError(reply, "invalid_grant");
    }

    [Fact]
    public async Task Check16_OtherClientsCode_IsInvalidGrantIndistinguishableFromUnknown()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await deferral.WaitIntervalAsync();

        var others = await _client.TokenAsync(Credentials.C2, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code));
        var unknown = await _client.TokenAsync(Credentials.C2, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", UnknownCode));

        Wire.AssertError(others, "invalid_grant");
        Assert.Equal(unknown.Body, others.Body);
        Assert.Equal(unknown.Status, others.Status);
        // C2's attempt changed nothing for C1.
        Wire.AssertError(await _client.PollAsync(Credentials.C1, deferral), "authorization_pending");
    }

    [Fact]
    public async Task Check17_PollWithoutClientAuthentication_IsInvalidClient()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await deferral.WaitIntervalAsync();

        var anonymous = await _client.TokenAsync(null, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code));
        var idOnly = await _client.TokenAsync(null, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code), ("client_id", Credentials.C1));

        Wire.AssertError(anonymous, "invalid_client");
        Wire.AssertError(idOnly, "invalid_client");
    }

    [Fact]
    public async Task Check18_PollWithOriginatingParameters_IsInvalidRequestAndWidensNothing()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await deferral.WaitIntervalAsync();

        var withMode = await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code), ("completion_mode", "deferred"));
        var withScope = await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code), ("scope", "approve:me read"));

        Wire.AssertError(withMode, "invalid_request");
        Wire.AssertError(withScope, "invalid_request");
        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.C1, deferral);
        Wire.AssertToken(token);
        Assert.Equal("approve:me", token.String("scope"));
    }

    [Fact]
    public async Task Check19_MisspelledPollGrantType_IsUnsupportedGrantType()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await deferral.WaitIntervalAsync();

        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred_code"), ("deferral_code", deferral.Code));

        Wire.AssertError(reply, "unsupported_grant_type");
    }

    public void Dispose() => _client.Dispose();
}
