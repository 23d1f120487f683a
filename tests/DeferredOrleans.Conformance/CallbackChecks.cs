using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 56 to 58 of docs/conformance.md, "Callbacks" (59 is in <see cref="StartupRefusalChecks"/>). Client
/// <c>cb</c>'s deferred_client_notification_endpoint is a real listener on loopback; the first delivery attempt
/// comes 0.3 s after resolution (Callbacks:FirstAttemptDelay in conformance.json).
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class CallbackChecks(HttpsConformanceServer server) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check56_AfterApproval_CallbackIsAJsonPostWithTheBearerTokenAndOnlyTheCode()
    {
        const string notificationToken = "T-3a7f0c1e9b2d4c6e8f0a1b2c3d4e5f60";
        var deferral = await _client.DeferAsync(Credentials.Callback, "approve:me", ("client_notification_token", notificationToken));

        await _client.ApproveAsync(deferral.Code);
        var callback = await server.Callbacks.WaitForAsync(deferral.Code, Patience);

        Assert.Equal("POST", callback.Method);
        Assert.Equal($"Bearer {notificationToken}", callback.Authorization);
        Assert.StartsWith("application/json", callback.ContentType, StringComparison.Ordinal);
        Assert.Equal($$"""{"deferral_code":"{{deferral.Code}}"}""", callback.Body);
        Assert.Equal("/callback", callback.PathAndQuery);
        Wire.AssertToken(await _client.PollAsync(Credentials.Callback, deferral));
    }

    [Fact]
    public async Task Check57_NoCallbackBeforeTheDeferredResponseNorForAnExpiredCode()
    {
        var approved = await _client.DeferAsync(Credentials.Callback, "approve:me");
        var answered = DateTimeOffset.UtcNow;
        Assert.Empty(server.Callbacks.For(approved.Code));
        await _client.ApproveAsync(approved.Code);
        var callback = await server.Callbacks.WaitForAsync(approved.Code, Patience);
        Assert.True(callback.At >= answered, "the callback arrived before the deferred response");

        // Expired without a decision, and expired before a (refused) late approval: no callback either way.
        var unanswered = await _client.DeferAsync(Credentials.Callback, "approve:short");
        var late = await _client.DeferAsync(Credentials.Callback, "approve:short");
        await Task.Delay(TimeSpan.FromSeconds(late.ExpiresIn) + TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpStatusCode.Conflict, (await _client.ApproveAsync(late.Code)).Status);
        Wire.AssertError(await _client.PollAsync(Credentials.Callback, late), "expired_token");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(server.Callbacks.For(unanswered.Code));
        Assert.Empty(server.Callbacks.For(late.Code));
    }

    [Fact]
    public async Task Check58_RedirectIsNotFollowedAndAFailingReceiverDoesNotStopPolling()
    {
        var redirected = await _client.DeferAsync(Credentials.Callback, "approve:me");
        var failing = await _client.DeferAsync(Credentials.Callback, "approve:me");
        server.Callbacks.AnswerFor(redirected.Code, HttpStatusCode.Found);
        server.Callbacks.AnswerFor(failing.Code, HttpStatusCode.InternalServerError);

        await _client.ApproveAsync(redirected.Code);
        await _client.ApproveAsync(failing.Code);
        await server.Callbacks.WaitForAsync(redirected.Code, Patience);
        await server.Callbacks.WaitForAsync(failing.Code, Patience);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(server.Callbacks.Requests, r => r.PathAndQuery.Contains("/moved", StringComparison.Ordinal));
        Assert.All(server.Callbacks.For(redirected.Code), r => Assert.Equal("/callback", r.PathAndQuery));
        Wire.AssertToken(await _client.PollAsync(Credentials.Callback, redirected));
        Wire.AssertToken(await _client.PollAsync(Credentials.Callback, failing));
    }

    public void Dispose() => _client.Dispose();
}
