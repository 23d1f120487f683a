using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 72 to 74 of docs/conformance.md against the server as a real process: OpenID Connect Deferred Token Response
/// Flow 1.0 draft 00 for client <c>web</c> (registered for it in conformance.json), on a real clock.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class OpenIdDeferredChecks(HttpsConformanceServer server) : IDisposable
{
    private const string Grant = "urn:openid:params:grant-type:deferred";

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check72To74_DeferredCode_ExchangedForAHandle_ApprovedAndPolled_IssuesOnce()
    {
        var (deferredCode, verifier) = await AuthorizationCodeFlow.AuthorizeAsync(_client, "openid approve:me", responseType: "deferred_code");

        var exchanged = await _client.TokenAsync(Credentials.Web, ("grant_type", Grant), ("deferred_code", deferredCode), ("code_verifier", verifier), ("redirect_uri", AuthorizationCodeFlow.RedirectUri));
        Assert.Equal(HttpStatusCode.OK, exchanged.Status);
        Assert.False(exchanged.Has("access_token"), exchanged.Body);
        var handle = exchanged.String("deferred_auth_id")!;
        var interval = TimeSpan.FromSeconds(exchanged.Json.GetProperty("interval").GetInt32());
        Wire.AssertError(await _client.TokenAsync(Credentials.Web, ("grant_type", Grant), ("deferred_code", deferredCode), ("code_verifier", verifier), ("redirect_uri", AuthorizationCodeFlow.RedirectUri)), "invalid_grant");

        await PollInterval.WaitAsync(interval);
        Wire.AssertError(await PollAsync(handle), "authorization_pending");
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync(handle)).Status);
        await PollInterval.WaitAsync(interval);
        var token = await PollAsync(handle);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.True(token.Has("id_token"), token.Body);
        Assert.Equal(Credentials.Subject, Wire.AccessTokenClaims(token).GetProperty("sub").GetString());
        Wire.AssertError(await PollAsync(handle), "invalid_grant");
    }

    public void Dispose() => _client.Dispose();

    private Task<Reply> PollAsync(string handle) => _client.TokenAsync(Credentials.Web, ("grant_type", Grant), ("deferred_auth_id", handle));
}
