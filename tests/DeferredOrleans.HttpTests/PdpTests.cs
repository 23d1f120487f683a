using System.Net;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// An AuthZEN Authorization API PDP on the token path (AROP): allow lets the local policy decide, a plain denial is a
/// synchronous error and never a pending code, a requestable denial defers to an ARAP task, and a PDP that does not
/// answer is a clean 503.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class PdpTests(ConnectorGatewayFactory factory)
{
    private readonly ConnectorTestClient _client = new(factory);

    [Fact]
    public async Task Allowed_LocalPolicyIssues_EvaluationCarriesSubjectActionResourceContext()
    {
        var reply = await _client.OAuth.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "pdp:allow"), ("resource", "https://api.example/orders"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var evaluation = factory.Pdp.System.Requests.Last(r => r.Body.Contains("pdp:allow", StringComparison.Ordinal)).Json;
        Assert.Equal("client", evaluation.GetProperty("subject").GetProperty("type").GetString());
        Assert.Equal("c1", evaluation.GetProperty("subject").GetProperty("id").GetString());
        Assert.Equal("pdp:allow", evaluation.GetProperty("action").GetProperty("name").GetString());
        Assert.Equal("https://api.example/orders", evaluation.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("c1", evaluation.GetProperty("context").GetProperty("client_id").GetString());
        Assert.Equal("https://api.example/orders", evaluation.GetProperty("context").GetProperty("resource")[0].GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NotRequestableDenial_InvalidScopeAtOnce_NeverPending(bool optedIn)
    {
        (string, string)[] form = optedIn
            ? [("grant_type", "client_credentials"), ("scope", "pdp:deny"), ("completion_mode", "deferred")]
            : [("grant_type", "client_credentials"), ("scope", "pdp:deny")];

        var reply = await _client.OAuth.TokenAsync("c1", form);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_scope", reply.Error);
        Assert.False(reply.Has("deferral_code"));
        Assert.Equal("no-store", reply.CacheControl);
    }

    [Fact]
    public async Task RequestableDenial_DefersToAnArapTask_ApprovalIsReevaluatedThenIssued()
    {
        var code = await _client.OAuth.DeferAsync("c1", "pdp:request");
        var id = DeferralCodes.Id(code);

        var submission = (await factory.Arap.SubmissionOfAsync(id)).Json;
        Assert.StartsWith("ev_", submission.GetProperty("denial").GetProperty("evaluation_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("approval_required", submission.GetProperty("denial").GetProperty("reason").GetString());
        Assert.Equal($"http://localhost/connectors/{ConnectorGatewayFactory.PdpApprover}/callback", submission.GetProperty("callback").GetProperty("endpoint").GetString());
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);

        factory.Arap.Set(id, "approved", FakeAccessRequestService.Approval("apr_pdp", factory.Time.GetUtcNow().AddMinutes(20)));
        await _client.WaitForTaskAsync(ConnectorGatewayFactory.PdpApprover, code, t => t.Phase == ApprovalTaskPhase.Finished);

        var reevaluation = factory.Pdp.System.Requests.Last(r => r.Body.Contains("pdp:request", StringComparison.Ordinal)).Json;
        Assert.Equal("apr_pdp", reevaluation.GetProperty("context").GetProperty("approval").GetProperty("id").GetString());
        var token = await _client.OAuth.PollAsync("c1", code);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var approval = Jwt.Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval");
        Assert.Equal("workflow", approval.GetProperty("method").GetString());
        Assert.Equal("apr_pdp", approval.GetProperty("workflow_ref").GetString());
    }

    [Fact]
    public async Task RequestableDenial_ReevaluationDenies_AccessDenied()
    {
        var code = await _client.OAuth.DeferAsync("c1", "pdp:request-then-deny");
        var id = DeferralCodes.Id(code);
        await factory.Arap.SubmissionOfAsync(id);

        factory.Arap.Set(id, "approved", FakeAccessRequestService.Approval("apr_no", factory.Time.GetUtcNow().AddMinutes(20)));
        await _client.WaitForTaskAsync(ConnectorGatewayFactory.PdpApprover, code, t => t.Phase == ApprovalTaskPhase.Finished);

        Assert.Equal("access_denied", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Fact]
    public async Task RequestableDenial_WithoutOptIn_IsNotDeferred()
    {
        var reply = await _client.OAuth.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "pdp:request"));

        Assert.Equal("invalid_scope", reply.Error);
        Assert.False(reply.Has("deferral_code"));
    }

    [Theory]
    [InlineData("pdp:down")]
    [InlineData("pdp:slow")]
    public async Task PdpDownOrSlow_503NoStore_NothingDeferred(string scope)
    {
        var submissions = factory.Arap.System.Requests.Count;

        var reply = await _client.OAuth.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", scope), ("completion_mode", "deferred"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal("temporarily_unavailable", reply.Error);
        Assert.Equal("no-store", reply.CacheControl);
        Assert.True(reply.Response.Headers.Contains("Retry-After"));
        Assert.False(reply.Has("deferral_code"));
        Assert.Equal(submissions, factory.Arap.System.Requests.Count);
    }
}
