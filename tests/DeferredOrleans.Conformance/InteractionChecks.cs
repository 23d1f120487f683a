using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 39 to 41 of docs/conformance.md, "interaction_required", on the https server. Rule
/// <c>approve-confirm</c> wants the subject (erin.vale, for whom <c>erin-assistant</c> acts) to confirm on the
/// interaction page; nobody else has to approve.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class InteractionChecks(HttpsConformanceServer server) : IDisposable
{
    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check39_RuleNeedingInteraction_IsInteractionRequiredWithAnHttpsUri()
    {
        var reply = await DeferAsync();

        Wire.AssertError(reply, "interaction_required");
        var uri = new Uri(reply.String("interaction_uri")!);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.True(string.IsNullOrEmpty(uri.Fragment));
        Assert.Equal(new Uri(server.Issuer).Authority, uri.Authority);
        Assert.False(string.IsNullOrEmpty(reply.String("deferral_code")));
        Assert.True(reply.Json.GetProperty("expires_in").GetInt32() > 0);
        Assert.True(reply.Json.GetProperty("interval").GetInt32() > 0);
        Assert.DoesNotContain(reply.String("deferral_code")!, uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check40_LoadingTheInteractionUriWithoutCompleting_AuthorizesNothing()
    {
        var reply = await DeferAsync();
        var deferral = new Deferral(reply);
        var uri = reply.String("interaction_uri")!;

        var page = await _client.Http.GetAsync(new Uri(uri));
        var poll = await _client.PollAsync(Credentials.Assistant, deferral);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(poll.Error, new[] { "interaction_required", "authorization_pending" });
        Wire.AssertError(poll, poll.Error!);
        Assert.False(poll.Has("access_token"));
        // Someone other than the subject cannot complete it either.
        Assert.NotEqual(HttpStatusCode.OK, (await ConfirmAsync(uri, Credentials.Bystander)).StatusCode);
        Wire.AssertError(await _client.PollAsync(Credentials.Assistant, deferral), "interaction_required");
    }

    [Fact]
    public async Task Check41_InteractionUriUsedAgainAfterCompletion_IsRejectedAndHarmless()
    {
        var reply = await DeferAsync();
        var deferral = new Deferral(reply);
        var uri = reply.String("interaction_uri")!;

        var completed = await ConfirmAsync(uri, Credentials.Subject);
        var confirmAgain = await ConfirmAsync(uri, Credentials.Subject);
        var loadAgain = await _client.Http.GetAsync(new Uri(uri));

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirmAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, loadAgain.StatusCode);
        Wire.AssertToken(await _client.PollAsync(Credentials.Assistant, deferral));
        Wire.AssertError(await _client.PollAsync(Credentials.Assistant, deferral), "invalid_grant");
    }

    public void Dispose() => _client.Dispose();

    private Task<Reply> DeferAsync() =>
        _client.TokenAsync(Credentials.Assistant, ("grant_type", "client_credentials"), ("scope", "approve:confirm"), ("completion_mode", "deferred"));

    /// <summary>The interaction page's form: sign in and confirm.</summary>
    private Task<HttpResponseMessage> ConfirmAsync(string uri, string user) =>
        _client.Http.PostAsync(new Uri(uri), DtrClient.Form(("username", user), ("password", Credentials.SecretOf(user)), ("action", "confirm")));
}
