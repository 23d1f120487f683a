using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 51 to 55 of docs/conformance.md, "Sender constraint (DPoP)". P1 is a public client; K1 and K2 are
/// two of its keys. Proofs are made on the real clock, one per request.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class DpopChecks(HttpsConformanceServer server) : IDisposable
{
    private readonly DtrClient _client = server.CreateClient();
    private readonly DpopKey _k1 = new();
    private readonly DpopKey _k2 = new();

    [Fact]
    public async Task Check51_PublicClientWithoutDpop_IsRefusedAndNotDeferred()
    {
        var reply = await _client.PostFormAsync("/token", null,
            [("client_id", Credentials.P1), .. _client.PublicClientGrant(), ("scope", "approve:me"), ("completion_mode", "deferred")]);

        Assert.Contains(reply.Error, new[] { "invalid_request", "invalid_dpop_proof" });
        Wire.AssertError(reply, reply.Error!);
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check52_DpopBoundDeferral_OnlyK1PollsAndTheTokenIsBoundToK1()
    {
        var deferral = await DeferWithK1Async();

        await deferral.WaitIntervalAsync();
        var withK2 = await PollAsync(deferral, _k2.Proof("POST", _client.TokenUrl));
        var withK1 = await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl));
        await _client.ApproveAsync(deferral.Code);
        await deferral.WaitIntervalAsync();
        var token = await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl));

        Wire.AssertError(withK2, "invalid_dpop_proof");
        Wire.AssertError(withK1, "authorization_pending");
        Wire.AssertToken(token);
        Assert.Equal("DPoP", token.String("token_type"));
        Assert.Equal(_k1.Thumbprint, Wire.AccessTokenClaims(token).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Check53_PollWithoutDpopHeader_IsInvalidDpopProof()
    {
        var deferral = await DeferWithK1Async();
        await deferral.WaitIntervalAsync();

        var reply = await PollAsync(deferral, null);

        Wire.AssertError(reply, "invalid_dpop_proof");
        await deferral.WaitIntervalAsync();
        Wire.AssertError(await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl)), "authorization_pending");
    }

    [Fact]
    public async Task Check54_ReplayedProof_IsInvalidDpopProofAndTheDeferralGoesOn()
    {
        var deferral = await DeferWithK1Async();
        var proof = _k1.Proof("POST", _client.TokenUrl);
        await deferral.WaitIntervalAsync();
        Wire.AssertError(await PollAsync(deferral, proof), "authorization_pending");

        await deferral.WaitIntervalAsync();
        var replay = await PollAsync(deferral, proof);

        // No DPoP-Nonce is enforced by this server, so the replay is invalid_dpop_proof (not use_dpop_nonce).
        Wire.AssertError(replay, "invalid_dpop_proof");
        Assert.False(replay.Response.Headers.Contains("DPoP-Nonce"));
        await _client.ApproveAsync(deferral.Code);
        await deferral.WaitIntervalAsync();
        Wire.AssertToken(await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl)));
    }

    [Fact]
    public async Task Check55_RevokeWithoutProofOrWithK2_IsInvalidDpopProofAndCancelsNothing()
    {
        var deferral = await DeferWithK1Async();

        var withoutProof = await _client.PostFormAsync("/revoke", null,
            ("client_id", Credentials.P1), ("token", deferral.Code), ("token_type_hint", DtrClient.DeferralCodeType));
        var withK2 = await _client.PostFormAsync("/revoke", null, _k2.Proof("POST", _client.RevokeUrl),
            ("client_id", Credentials.P1), ("token", deferral.Code), ("token_type_hint", DtrClient.DeferralCodeType));

        Wire.AssertError(withoutProof, "invalid_dpop_proof");
        Wire.AssertError(withK2, "invalid_dpop_proof");
        await deferral.WaitIntervalAsync();
        Wire.AssertError(await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl)), "authorization_pending");

        // The refusals were about the proof: with K1 the same revocation cancels.
        var withK1 = await _client.PostFormAsync("/revoke", null, _k1.Proof("POST", _client.RevokeUrl),
            ("client_id", Credentials.P1), ("token", deferral.Code), ("token_type_hint", DtrClient.DeferralCodeType));
        Assert.Equal(HttpStatusCode.OK, withK1.Status);
        await deferral.WaitIntervalAsync();
        Wire.AssertError(await PollAsync(deferral, _k1.Proof("POST", _client.TokenUrl)), "access_denied");
    }

    public void Dispose()
    {
        _client.Dispose();
        _k1.Dispose();
        _k2.Dispose();
    }

    private async Task<Deferral> DeferWithK1Async()
    {
        var reply = await _client.PostFormAsync("/token", null, _k1.Proof("POST", _client.TokenUrl),
            [("client_id", Credentials.P1), .. _client.PublicClientGrant(), ("scope", "approve:me"), ("completion_mode", "deferred")]);
        Wire.AssertError(reply, "authorization_pending");
        return new Deferral(reply);
    }

    private async Task<Reply> PollAsync(Deferral deferral, string? proof)
    {
        var reply = await _client.PostFormAsync("/token", null, proof,
            ("client_id", Credentials.P1), ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code));
        deferral.Observe(reply);
        return reply;
    }
}
