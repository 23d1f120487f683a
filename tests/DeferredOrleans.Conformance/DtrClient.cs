using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Conformance;

/// <summary>Plain HTTP calls as a client, approvers and a resource server make them; no shortcut into the server.</summary>
public sealed class DtrClient(HttpClient http, string issuer) : IDisposable
{
    public const string DeferredGrant = "urn:ietf:params:oauth:grant-type:deferred";
    public const string CibaGrant = "urn:openid:params:grant-type:ciba";
    public const string DeferralCodeType = "urn:ietf:params:oauth:token-type:deferral-code";

    public HttpClient Http => http;

    public string Issuer => issuer;

    public string TokenUrl => $"{issuer}/token";

    public string RevokeUrl => $"{issuer}/revoke";

    /// <summary>A token request authenticated with client_secret_basic (or none when <paramref name="client"/> is null).</summary>
    public Task<Reply> TokenAsync(string? client, params (string Name, string Value)[] form) =>
        PostFormAsync("/token", client is null ? null : Credentials.Basic(client), form);

    /// <summary>A client_credentials request with <c>completion_mode=deferred</c> that must be deferred.</summary>
    public async Task<Deferral> DeferAsync(string client, string scope, params (string Name, string Value)[] extra)
    {
        var reply = await TokenAsync(client, [("grant_type", "client_credentials"), ("scope", scope), ("completion_mode", "deferred"), .. extra]);
        Assert.True(reply.Error == "authorization_pending" && reply.Has("deferral_code"), $"expected a deferral, got {reply}");
        return new Deferral(reply);
    }

    /// <summary>
    /// How the public client P1 starts a request: an RFC 7523 JWT bearer assertion about the directory user, fresh
    /// each time (client_credentials is for confidential clients only, RFC 6749 §4.4).
    /// </summary>
    public (string Name, string Value)[] PublicClientGrant() =>
        [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", Credentials.Idp.Token(Credentials.Subject, issuer, TimeSpan.FromMinutes(30)))];

    /// <summary>Polls once the interval has passed, as a conforming client does.</summary>
    public async Task<Reply> PollAsync(string client, Deferral deferral)
    {
        await deferral.WaitIntervalAsync();
        return await PollNowAsync(client, deferral);
    }

    /// <summary>Polls at once, whatever the interval says.</summary>
    public async Task<Reply> PollNowAsync(string client, Deferral deferral)
    {
        var reply = await TokenAsync(client, ("grant_type", DeferredGrant), ("deferral_code", deferral.Code));
        deferral.Observe(reply);
        return reply;
    }

    public Task<Reply> ApproveAsync(string code, string approver = Credentials.Approver, string body = "{}") => DecideAsync(approver, code, "approve", body);

    public Task<Reply> DenyAsync(string code, string approver = Credentials.Approver, string body = "{}") => DecideAsync(approver, code, "deny", body);

    /// <summary><c>POST /approvals/{id}/approve|deny</c> as a directory user, with a JSON body.</summary>
    public async Task<Reply> DecideAsync(string approver, string code, string decision, string body = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{ApprovalIds.Of(code)}/{decision}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = Credentials.Basic(approver);
        return await SendAsync(request);
    }

    /// <summary>RFC 7009 revocation as a confidential client.</summary>
    public Task<Reply> RevokeAsync(string client, string token, string? hint = DeferralCodeType) =>
        PostFormAsync("/revoke", Credentials.Basic(client), hint is null ? [("token", token)] : [("token", token), ("token_type_hint", hint)]);

    /// <summary>RFC 7662 introspection as the resource server.</summary>
    public async Task<JsonElement> IntrospectAsync(string token)
    {
        var reply = await PostFormAsync("/introspect", Credentials.Basic(Credentials.ResourceServer), ("token", token));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Json;
    }

    public async Task<Reply> PostFormAsync(string path, AuthenticationHeaderValue? authorization, params (string Name, string Value)[] form) =>
        await PostFormAsync(path, authorization, null, form);

    /// <summary>A form POST with optional client authentication and DPoP proof.</summary>
    public async Task<Reply> PostFormAsync(string path, AuthenticationHeaderValue? authorization, string? dpop, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(form) };
        request.Headers.Authorization = authorization;
        if (dpop is not null)
        {
            request.Headers.Add("DPoP", dpop);
        }

        return await SendAsync(request);
    }

    public async Task<Reply> GetAsync(string pathOrUri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathOrUri);
        return await SendAsync(request);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request) => await Reply.ReadAsync(await http.SendAsync(request));

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] form) => new(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    public void Dispose() => http.Dispose();
}
