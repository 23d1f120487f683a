using System.Net;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Conformance;

/// <summary>Checks 60 to 62 of docs/conformance.md, "Errors and information hygiene".</summary>
[Collection(HttpServerCollection.Name)]
public sealed partial class HygieneChecks(HttpConformanceServer server) : IDisposable
{
    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check60_EveryDtrError_IsNoStoreAndNamesNoApproverAndProgressIsOpaque()
    {
        var expiring = ExpiredTokenAsync();
        var replies = new List<(string Error, Reply Reply)>();

        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        replies.Add(("authorization_pending", deferral.Response));
        var pending = await _client.PollAsync(Credentials.C1, deferral);
        replies.Add(("authorization_pending", pending));
        replies.Add(("slow_down", await _client.PollNowAsync(Credentials.C1, deferral)));
        replies.Add(("invalid_request", await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant))));
        replies.Add(("invalid_grant", await _client.TokenAsync(Credentials.C2, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code))));
        replies.Add(("invalid_client", await _client.TokenAsync(null, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", deferral.Code))));
        replies.Add(("unsupported_grant_type", await _client.TokenAsync(Credentials.C1, ("grant_type", "urn:example:nothing"), ("deferral_code", deferral.Code))));
        replies.Add(("invalid_scope", await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"))));

        var denied = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.DenyAsync(denied.Code, body: """{"reason":"Ava Quill (ava.quill) says no"}""");
        replies.Add(("access_denied", await _client.PollAsync(Credentials.C1, denied)));

        var issued = await _client.DeferAsync(Credentials.C1, "approve:me");
        await _client.ApproveAsync(issued.Code, body: """{"reason":"Ava Quill (ava.quill) says yes"}""");
        Wire.AssertToken(await _client.PollAsync(Credentials.C1, issued));
        replies.Add(("invalid_grant", await _client.PollAsync(Credentials.C1, issued)));

        var interaction = await _client.TokenAsync(Credentials.Assistant, ("grant_type", "client_credentials"), ("scope", "approve:confirm"), ("completion_mode", "deferred"));
        replies.Add(("interaction_required", interaction));
        var waiting = new Deferral(interaction);
        replies.Add(("interaction_required", await _client.PollAsync(Credentials.Assistant, waiting)));

        using var key = new DpopKey();
        var bound = new Deferral(await _client.PostFormAsync("/token", null, key.Proof("POST", _client.TokenUrl),
            [("client_id", Credentials.P1), .. _client.PublicClientGrant(), ("scope", "approve:me"), ("completion_mode", "deferred")]));
        replies.Add(("authorization_pending", bound.Response));
        replies.Add(("invalid_dpop_proof", await _client.PostFormAsync("/token", null,
            ("client_id", Credentials.P1), ("grant_type", DtrClient.DeferredGrant), ("deferral_code", bound.Code))));

        replies.Add(("expired_token", await expiring));

        foreach (var (error, reply) in replies)
        {
            Wire.AssertError(reply, error);
            Assert.Equal("no-store", reply.CacheControl);
        }

        // Progress is an opaque step id with counts: no names, no free text.
        Assert.Matches(ProgressShape(), pending.Description);
    }

    [Fact]
    public async Task Check61_ErrorDescriptions_StayWithinTheRfc6749Characters()
    {
        const string hostile = "q\"uote back\\slash \u00e9t\u00e9 \u2028 \t tab";
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:me");
        await deferral.WaitIntervalAsync();
        var replies = new List<Reply>
        {
            await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", hostile), ("completion_mode", "deferred")),
            await _client.TokenAsync(Credentials.C1, ("grant_type", hostile)),
            await _client.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", hostile)),
            await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("resource", hostile), ("completion_mode", "deferred")),
            await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("authorization_details", hostile), ("completion_mode", "deferred")),
            await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", hostile)),
            await _client.PostFormAsync("/token", null, "q\"uote.back\\slash.x", [("client_id", Credentials.P1), .. _client.PublicClientGrant(), ("scope", "read")]),
            await _client.PollAsync(Credentials.C1, deferral),
            await _client.PollNowAsync(Credentials.C1, deferral),
        };

        Assert.All(replies, reply =>
        {
            Assert.True(reply.Error is not null, reply.ToString());
            Wire.AssertHygiene(reply);
            Assert.DoesNotContain("\u00e9", reply.Body, StringComparison.Ordinal);
        });
        Assert.Contains(replies, r => r.Description is not null);
    }

    [Fact]
    public async Task Check62_CallbacksHaveNoQueryAndTokenEndpointAnswersNoLocation()
    {
        var deferral = await _client.DeferAsync(Credentials.Callback, "approve:me", ("client_notification_token", "T-0f1e2d3c4b5a69788796a5b4c3d2e1f0"));
        var pending = await _client.PollAsync(Credentials.Callback, deferral);
        await _client.ApproveAsync(deferral.Code);
        var callback = await server.Callbacks.WaitForAsync(deferral.Code, TimeSpan.FromSeconds(10));
        var token = await _client.PollAsync(Credentials.Callback, deferral);
        var spent = await _client.PollAsync(Credentials.Callback, deferral);
        var interaction = await _client.TokenAsync(Credentials.Assistant, ("grant_type", "client_credentials"), ("scope", "approve:confirm"), ("completion_mode", "deferred"));

        Assert.Equal("/callback", callback.PathAndQuery);
        Assert.DoesNotContain('?', callback.PathAndQuery);
        Assert.DoesNotContain("interaction_uri", callback.Body, StringComparison.Ordinal);
        foreach (var reply in new[] { deferral.Response, pending, token, spent, interaction })
        {
            Assert.True(reply.Response.Headers.Location is null, $"a Location header on {reply}");
            Assert.NotEqual(HttpStatusCode.Redirect, reply.Status);
        }

        Assert.DoesNotContain(deferral.Code, interaction.String("interaction_uri") ?? "", StringComparison.Ordinal);
        Wire.AssertToken(token);
    }

    public void Dispose() => _client.Dispose();

    private async Task<Reply> ExpiredTokenAsync()
    {
        var deferral = await _client.DeferAsync(Credentials.C1, "approve:short");
        await Task.Delay(TimeSpan.FromSeconds(deferral.ExpiresIn) + TimeSpan.FromMilliseconds(300));
        return await _client.PollAsync(Credentials.C1, deferral);
    }

    [GeneratedRegex("^step=[a-z_]+(;[a-z_]+=[0-9]+)*$")]
    private static partial Regex ProgressShape();
}
