using System.Net;
using System.Net.Http.Json;
using DeferredOrleans.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DeferredOrleans.ProcessTests;

/// <summary>The SDK's handler in this process, through <c>IHttpClientFactory</c>, against the server and the Docs API as processes.</summary>
public sealed class DeferredTokenHandlerTests
{
    [Fact]
    public async Task Handler_TokenExchangeFromAUserToken_WritesAfterApprovalThenReusesTheCachedToken()
    {
        // The talk's token-exchange example: the agent holds a valid token, and the resource it now asks for needs approval.
        await using var parties = await TalkParties.StartAsync(new Dictionary<string, string>
        {
            ["DeferredOrleans__Clients__0__GrantTypes__1"] = "urn:ietf:params:oauth:grant-type:token-exchange",
        });
        var subjectToken = await parties.AgentTokenAsync("docs:read", parties.Server.Issuer);
        var progress = new ProgressReports();
        var services = new ServiceCollection();
        services.AddHttpClient("docs", http => http.BaseAddress = parties.DocsAddress)
            .AddDeferredTokenHandler(options =>
            {
                options.ClientId = "agent";
                options.ClientSecret = "agent-secret";
                options.AllowHttp = true;
                options.TrustedAuthorizationServers.Add(new Uri(parties.Server.Issuer));
                options.TrustedResourceServers.Add(parties.DocsAddress);
                options.SubjectToken = _ => ValueTask.FromResult(subjectToken);
                options.Progress = progress;
            });
        await using var provider = services.BuildServiceProvider();
        var docs = provider.GetRequiredService<IHttpClientFactory>().CreateClient("docs");

        var first = docs.PutAsJsonAsync(new Uri("/docs/doc-789", UriKind.Relative), new { content = "one" });
        await progress.WaitForAsync("waiting for approval, step=owner, 0 of 1");
        await parties.DecideAsync("alice", await parties.WaitForApprovalAsync("alice", progress.ToString), "approve");
        using var written = await first;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(2, (await written.Content.ReadFromJsonAsync<Written>())!.Version);

        // The cached token writes again at once: nobody is asked twice (a new deferral would wait past this timeout).
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var again = await docs.PutAsJsonAsync(new Uri("/docs/doc-789", UriKind.Relative), new { content = "two" }, soon.Token);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(3, (await again.Content.ReadFromJsonAsync<Written>())!.Version);
        Assert.Equal(1, provider.GetRequiredService<DeferredTokenCache>().Count);
        Assert.Equal(0, await parties.PendingCountAsync("alice"));
    }

    private sealed record Written(int Version);
}
