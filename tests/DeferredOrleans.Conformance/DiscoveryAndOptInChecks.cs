using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>Checks 1 to 8 of docs/conformance.md, "Discovery and opt-in".</summary>
[Collection(HttpServerCollection.Name)]
public sealed class DiscoveryAndOptInChecks(HttpConformanceServer server) : IDisposable
{
    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check01_Metadata_AnnouncesDtrAndItsGrantAndTokenType()
    {
        var reply = await _client.GetAsync("/.well-known/oauth-authorization-server");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json.GetProperty("deferred_token_response_supported").GetBoolean());
        Assert.Contains(DtrClient.DeferredGrant, Strings(reply, "grant_types_supported"));
        Assert.Contains(DtrClient.DeferralCodeType, Strings(reply, "revocation_endpoint_token_type_values_supported"));
        Assert.Equal(server.Issuer, reply.String("issuer"));
        Assert.Equal($"{server.Issuer}/token", reply.String("token_endpoint"));
        Assert.Equal($"{server.Issuer}/revoke", reply.String("revocation_endpoint"));
    }

    [Fact]
    public async Task Check02_ApprovalNeededWithoutOptIn_IsRefusedSynchronouslyWithoutCode()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"));

        // The implemented policy answer: invalid_scope, never authorization_pending.
        Wire.AssertError(reply, "invalid_scope");
        Assert.False(reply.Has("deferral_code"));
        Assert.False(reply.Has("auth_req_id"));
    }

    [Fact]
    public async Task Check03_ApprovalNeededWithOptIn_IsTheDeferredResponse()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));

        Wire.AssertError(reply, "authorization_pending");
        Assert.False(string.IsNullOrEmpty(reply.String("deferral_code")));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, reply.Json.GetProperty("expires_in").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, reply.Json.GetProperty("interval").ValueKind);
        Assert.True(reply.Json.GetProperty("expires_in").GetInt32() > 0);
        Assert.True(reply.Json.GetProperty("interval").GetInt32() > 0);
    }

    [Fact]
    public async Task Check04_UnknownExtraCompletionMode_IsIgnoredAndDeferred()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred foo"));

        Wire.AssertError(reply, "authorization_pending");
        Assert.True(reply.Has("deferral_code") && reply.Has("expires_in") && reply.Has("interval"));
    }

    [Fact]
    public async Task Check05_OnlyUnknownCompletionMode_IsHandledSynchronously()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "foo"));

        Wire.AssertError(reply, "invalid_scope");
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check06_AllowedRequestWithOptIn_IsIssuedAtOnce()
    {
        var reply = await _client.TokenAsync(Credentials.C1, ("grant_type", "client_credentials"), ("scope", "read"), ("completion_mode", "deferred"));

        Wire.AssertToken(reply);
        Assert.False(reply.Has("deferral_code"));
        Assert.Equal("read", reply.String("scope"));
    }

    [Fact]
    public async Task Check07_BadSecretOrInvalidGrantWithOptIn_IsRefusedWithoutCode()
    {
        var reply = await _client.PostFormAsync("/token", Credentials.Basic(Credentials.C1, "not-the-secret"),
            ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));

        Wire.AssertError(reply, "invalid_client");
        Assert.Contains(reply.Response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.False(reply.Has("deferral_code"));

        // An invalid grant credential is refused synchronously too, however much its request would need approval.
        var forged = Credentials.Idp.Token(Credentials.Subject, $"{server.Issuer}/token", TimeSpan.FromMinutes(5)) + "x";
        var badAssertion = await _client.TokenAsync(Credentials.Exchanger, ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", forged), ("scope", "approve:me"), ("completion_mode", "deferred"));
        var badCode = await _client.TokenAsync(Credentials.Web, ("grant_type", "authorization_code"), ("code", "no-such-code"),
            ("code_verifier", new string('v', 43)), ("redirect_uri", AuthorizationCodeFlow.RedirectUri), ("completion_mode", "deferred"));
        Wire.AssertError(badAssertion, "invalid_grant");
        Wire.AssertError(badCode, "invalid_grant");
        Assert.False(badAssertion.Has("deferral_code") || badCode.Has("deferral_code"));
    }

    [Fact]
    public async Task Check08_MalformedRequestsWithOptIn_GetTheirSynchronousErrors()
    {
        (string Error, (string, string)[] Form)[] cases =
        [
            ("invalid_scope", [("scope", "approve:me no-such-scope")]),
            ("invalid_target", [("scope", "approve:me"), ("resource", "not a uri")]),
            ("invalid_authorization_details", [("scope", "approve:me"), ("authorization_details", """{"type":1}""")]),
            ("invalid_request", [("scope", "approve:me"), ("scope", "read")]),
        ];

        foreach (var (error, form) in cases)
        {
            var reply = await _client.TokenAsync(Credentials.C1, [("grant_type", "client_credentials"), ("completion_mode", "deferred"), .. form]);

            Wire.AssertError(reply, error);
            Assert.False(reply.Has("deferral_code"));
        }
    }

    public void Dispose() => _client.Dispose();

    private static List<string?> Strings(Reply reply, string member) => [.. reply.Json.GetProperty(member).EnumerateArray().Select(e => e.GetString())];
}
