using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Client;

namespace DeferredOrleans.ProcessTests;

/// <summary>The .NET SDK's token client against the server as a real process: DPoP through a deferral, and cancellation that revokes.</summary>
public sealed class DeferredTokenClientTests
{
    [Fact]
    public async Task RequestToken_DpopKeyThroughApproval_ReturnsATokenBoundToTheKey()
    {
        await using var parties = await TalkParties.StartAsync();
        using var key = DpopKey.Generate();
        using var http = new HttpClient();
        var client = Client(http, parties, key);
        var progress = new ProgressReports();

        var request = client.RequestTokenAsync(TokenRequest.ClientCredentials("doc:write", "doc-789"), progress);
        await progress.WaitForAsync("waiting for approval, step=owner, 0 of 1");
        await parties.DecideAsync("alice", await parties.WaitForApprovalAsync("alice", progress.ToString), "approve");
        var token = await request;

        Assert.True(token.IsDpopBound);
        var claims = Claims(token.AccessToken);
        Assert.Equal(key.Thumbprint, claims.GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.Equal("doc-789", claims.GetProperty("aud").GetString());
        Assert.Equal("resource_owner", claims.GetProperty("approval").GetProperty("method").GetString());
    }

    [Fact]
    public async Task RequestToken_CancelledWhileDeferred_RevokesTheDeferral()
    {
        await using var parties = await TalkParties.StartAsync();
        using var http = new HttpClient();
        var client = Client(http, parties, dpopKey: null);
        var progress = new ProgressReports();
        using var cancel = new CancellationTokenSource();

        var request = client.RequestTokenAsync(TokenRequest.ClientCredentials("doc:write", "doc-789"), progress, cancel.Token);
        await progress.WaitForAsync("waiting for approval");
        await parties.WaitForApprovalAsync("alice", progress.ToString);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Equal(0, await parties.PendingCountAsync("alice"));
    }

    private static DeferredTokenClient Client(HttpClient http, TalkParties parties, DpopKey? dpopKey) =>
        new(http, new DeferredTokenClientOptions
        {
            Issuer = new Uri(parties.Server.Issuer),
            ClientId = "agent",
            ClientSecret = "agent-secret",
            DpopKey = dpopKey,
            RequireHttps = false,
        });

    private static JsonElement Claims(string jwt) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[1]))).RootElement.Clone();
}
