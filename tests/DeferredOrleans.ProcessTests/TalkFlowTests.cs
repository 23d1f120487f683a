using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The talk's Domain Harness flow, every party a real process: 1 the agent tries, 2 the Docs API challenges, 3 the
/// agent requests a token for what the challenge names, 4 the server asks the document's owner, 5 alice decides,
/// 6 the token is returned, 7 the agent retries with it.
/// </summary>
public sealed class TalkFlowTests
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SevenSteps_OwnerApproves_AgentWritesWithTheApprovedToken()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var agent = parties.StartAgent();

        var id = await parties.WaitForApprovalAsync("alice", () => agent.Output);

        // The agent reports the server's progress while it waits; alice decides once it has polled.
        await agent.WaitForOutputAsync("waiting for approval, step=owner, 0 of 1", AgentTimeout);
        await parties.DecideAsync("alice", id, "approve");
        var exit = await agent.ExitCodeAsync(AgentTimeout);

        var output = agent.Output;
        Assert.True(exit == 0, $"the agent exited {exit}:\n{output}\n--- docs ---\n{parties.Docs.Output}");
        Says(output, "GET /docs: 200");
        Says(output, "doc-789  Alice's plan (owner alice)");
        Says(output, "asks for scope 'doc:write': requesting a token for doc-789");
        Says(output, "PUT /docs/doc-789: 200, wrote version 2");
        Says(parties.Docs.Output, "Document doc-789 written (version 2) by agent");
    }

    [Fact]
    public async Task SevenSteps_OwnerDenies_AgentReportsAccessDeniedAndNothingIsWritten()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var agent = parties.StartAgent();

        var id = await parties.WaitForApprovalAsync("alice", () => agent.Output);
        await parties.DecideAsync("alice", id, "deny");
        var exit = await agent.ExitCodeAsync(AgentTimeout);

        Assert.True(exit == 2, $"the agent exited {exit}:\n{agent.Output}");
        Says(agent.Output, "doc-789 was not written: access_denied");
        Assert.DoesNotContain("written", parties.Docs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SevenSteps_CtrlCWhileWaiting_WithdrawsTheRequestFromAlicesInbox()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var agent = parties.StartAgent();
        await parties.WaitForApprovalAsync("alice", () => agent.Output);
        await agent.WaitForOutputAsync("waiting for approval", AgentTimeout);

        await agent.InterruptAsync();
        var exit = await agent.ExitCodeAsync(AgentTimeout);

        Assert.True(exit == 2, $"the agent exited {exit}:\n{agent.Output}");
        Says(agent.Output, "doc-789 was not written: cancelled (the pending request was withdrawn)");
        Assert.Equal(0, await parties.PendingCountAsync("alice"));
    }

    [Fact]
    public async Task Agent_ChallengeNamingAnUntrustedAuthorizationServer_SendsNoTokenRequest()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var agent = parties.StartAgent(trustedIssuer: "http://127.0.0.1:9");

        var exit = await agent.ExitCodeAsync(AgentTimeout);

        Assert.True(exit == 1, $"the agent exited {exit}:\n{agent.Output}");
        Says(agent.Output, "GET /docs: 401");
        Says(agent.Output, $"none of its authorization servers ({parties.Server.Issuer}) is trusted");
        Assert.DoesNotContain("/token", parties.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_PlainHttpAuthorizationServerOutsideDevelopment_IsRefused()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var agent = parties.StartAgent(environment: "Production");

        var exit = await agent.ExitCodeAsync(AgentTimeout);

        Assert.True(exit == 1, $"the agent exited {exit}:\n{agent.Output}");
        Says(agent.Output, "is not https");
    }

    [Fact]
    public async Task DocsApi_TokensWithoutAnApprovedWrite_GetRfc6750Challenges()
    {
        await using var parties = await TalkParties.StartAsync();
        using var http = new HttpClient { BaseAddress = parties.DocsAddress };
        var docs = parties.DocsAddress.ToString().TrimEnd('/');
        var metadata = $"{docs}/.well-known/oauth-protected-resource/docs/doc-789";

        using var anonymous = await http.PutAsync(new Uri("/docs/doc-789", UriKind.Relative), Json("{\"content\":\"x\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal($"Bearer scope=\"doc:write\", resource_metadata=\"{metadata}\"", anonymous.Headers.WwwAuthenticate.ToString());

        var reader = await parties.AgentTokenAsync("docs:read", docs);
        using var read = await SendAsync(http, HttpMethod.Get, "/docs/doc-789", reader);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var write = await SendAsync(http, HttpMethod.Put, "/docs/doc-789", reader, "{\"content\":\"x\"}");
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(
            $"Bearer error=\"insufficient_scope\", error_description=\"writing doc-789 needs doc:write for doc-789\", scope=\"doc:write\", resource_metadata=\"{metadata}\"",
            write.Headers.WwwAuthenticate.ToString());

        using var forged = await SendAsync(http, HttpMethod.Get, "/docs", reader[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", forged.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var document = await http.GetAsync(new Uri("/.well-known/oauth-protected-resource/docs/doc-789", UriKind.Relative));
        Assert.Equal(
            $"{{\"resource\":\"{docs}/docs/doc-789\",\"authorization_servers\":[\"{parties.Server.Issuer}\"],\"scopes_supported\":[\"doc:write\"],\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Alice's plan\",\"token_audience\":\"doc-789\"}}",
            await document.Content.ReadAsStringAsync());
        Assert.DoesNotContain("written", parties.Docs.Output, StringComparison.Ordinal);
    }

    private static void Says(string output, string expected) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in:\n{output}");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
