using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 31 to 37 of docs/conformance.md, "Denial, expiry, cancellation" (38 restarts a server of its own,
/// see <see cref="ClientDisabledCheck"/>). <c>approve:short</c> deferrals expire after 6 s on the real clock.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class DenialExpiryCancellationChecks(HttpsConformanceServer server) : IDisposable
{
    /// <summary>A code of the right shape that was never issued.</summary>
    private const string UnknownCode = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check31_Denied_EveryPollIsAccessDenied()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        Assert.Equal(HttpStatusCode.OK, (await _client.DenyAsync(deferral.Code, body: """{"reason":"not today"}""")).Status);

        var first = await _client.PollAsync(Credentials.C1, deferral);
        var second = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertError(first, "access_denied");
        Wire.AssertError(second, "access_denied");
        Assert.DoesNotContain("not today", first.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check32_NoDecisionBeforeExpiry_IsExpiredToken()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:short");
        Assert.Equal(6, deferral.ExpiresIn);

        await Task.Delay(TimeSpan.FromSeconds(deferral.ExpiresIn) + TimeSpan.FromMilliseconds(300));
        var reply = await _client.PollAsync(Credentials.C1, deferral);

        Wire.AssertError(reply, "expired_token");
    }

    [Fact]
    public async Task Check33_ApprovalAfterExpiry_IsIgnoredAndPollsStayExpired()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:short");
        await Task.Delay(TimeSpan.FromSeconds(deferral.ExpiresIn) + TimeSpan.FromMilliseconds(300));

        var late = await _client.ApproveAsync(deferral.Code);
        var first = await _client.PollAsync(Credentials.C1, deferral);
        var second = await _client.PollAsync(Credentials.C1, deferral);

        // The approval API refuses a decision on a request that is no longer pending (409 not_pending).
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Wire.AssertError(first, "expired_token");
        Wire.AssertError(second, "expired_token");
    }

    [Fact]
    public async Task Check34_RevokedCode_IsAcknowledgedAndPollsGetAccessDenied()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");

        var revoke = await _client.RevokeAsync(Credentials.C1, deferral.Code);

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Wire.AssertError(await _client.PollAsync(Credentials.C1, deferral), "access_denied");
    }

    [Fact]
    public async Task Check35_RevokingUnknownOrOtherClientsCode_Is200AndChangesNothing()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");

        var unknown = await _client.RevokeAsync(Credentials.C1, UnknownCode);
        var asOtherClient = await _client.RevokeAsync(Credentials.C2, deferral.Code);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(HttpStatusCode.OK, asOtherClient.Status);
        Wire.AssertError(await _client.PollAsync(Credentials.C1, deferral), "authorization_pending");
        await _client.ApproveAsync(deferral.Code);
        Wire.AssertToken(await _client.PollAsync(Credentials.C1, deferral));
    }

    [Fact]
    public async Task Check36_RevokeAfterIssuance_Is200AndTheTokenStaysActive()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(deferral.Code);
        var token = (await _client.PollAsync(Credentials.C1, deferral)).String("access_token")!;

        var revoke = await _client.RevokeAsync(Credentials.C1, deferral.Code);

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        var introspection = await _client.IntrospectAsync(token);
        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.GetRawText());
    }

    [Fact]
    public async Task Check37_ApprovedThenRevokedBeforeCollection_NeverIssues()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(deferral.Code);

        Assert.Equal(HttpStatusCode.OK, (await _client.RevokeAsync(Credentials.C1, deferral.Code)).Status);

        Wire.AssertError(await _client.PollAsync(Credentials.C1, deferral), "access_denied");
        Wire.AssertError(await _client.PollAsync(Credentials.C1, deferral), "access_denied");
    }

    public void Dispose() => _client.Dispose();
}
