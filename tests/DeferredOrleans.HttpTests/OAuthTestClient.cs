using System.Net.Http.Headers;
using System.Text;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>A plain HTTP client of the gateway, as an agent and as approvers would use it (no shortcuts into grains).</summary>
public sealed class OAuthTestClient(HttpClient http, FakeTimeProvider time)
{
    public const string DeferredGrant = "urn:ietf:params:oauth:grant-type:deferred";

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["c1"] = "c1-secret", ["c2"] = "c2-secret", ["seed-agent"] = "seed-secret", ["erin-assistant"] = "erin-secret",
        ["disabled"] = "disabled-secret", ["agent"] = "agent-secret", ["alice-assistant"] = "assistant-secret",
        ["approver"] = "approver-pw", ["bulk-approver"] = "bulk-pw", ["bob"] = "bob-pw", ["carol"] = "carol-pw",
        ["erin"] = "erin-pw", ["mallory"] = "mallory-pw", ["cb"] = "cb-secret", ["rs"] = "rs-secret",
        ["web"] = "web-secret", ["ciba"] = "ciba-secret", ["ciba-ping"] = "ping-secret", ["exchanger"] = "exchanger-secret", ["exchange-only"] = "exchanger-secret", ["ciba-uc"] = "ciba-uc-secret",
        ["https://agent.example"] = "uri-agent-secret",

        // engine.json: every secret is the name with "-pw".
        ["agent-a"] = "agent-a-pw", ["agent-b"] = "agent-b-pw", ["agent-c"] = "agent-c-pw", ["ian-assistant"] = "ian-assistant-pw",
        ["bob-assistant"] = "bob-assistant-pw", ["alice"] = "alice-pw", ["ian"] = "ian-pw", ["mia"] = "mia-pw", ["vic"] = "vic-pw",
        ["dave"] = "dave-pw", ["sam"] = "sam-pw", ["sue"] = "sue-pw", ["pat"] = "pat-pw", ["olga"] = "olga-pw",
    };

    public HttpClient Http => http;

    public FakeTimeProvider Time => time;

    /// <summary>Basic credentials; OAuth clients form-urlencode id and secret first (RFC 6749 §2.3.1).</summary>
    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(secret)}")));

    public static string SecretOf(string name) => Secrets[name];

    /// <summary>A JSON request body, as the approval and admin APIs take.</summary>
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public Task<Reply> TokenAsync(string? client, params (string Name, string Value)[] form) =>
        SendAsync(HttpMethod.Post, "/token", client is null ? null : Basic(client, Secrets[client]), new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>Starts a deferred client_credentials request and returns its code.</summary>
    public async Task<string> DeferAsync(string client, string scope, params (string Name, string Value)[] extra)
    {
        var reply = await TokenAsync(client, [("grant_type", "client_credentials"), ("scope", scope), ("completion_mode", "deferred"), .. extra]);
        Assert.True(reply.Error == "authorization_pending", reply.Body);
        return reply.Json.GetProperty("deferral_code").GetString()!;
    }

    /// <summary>Polls after waiting the interval on the fake clock.</summary>
    public Task<Reply> PollAsync(string client, string code, int waitSeconds = 5)
    {
        time.Advance(TimeSpan.FromSeconds(waitSeconds));
        return TokenAsync(client, ("grant_type", DeferredGrant), ("deferral_code", code));
    }

    public Task<Reply> ApproveAsync(string approver, string code, string body = "{}") => DecideAsync(approver, code, "approve", body);

    public Task<Reply> DenyAsync(string approver, string code, string body = "{}") => DecideAsync(approver, code, "deny", body);

    public Task<Reply> DecideAsync(string approver, string code, string decision, string body = "{}") =>
        SendAsync(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/{decision}", Basic(approver, Secrets[approver]), Json(body));

    public Task<Reply> InboxAsync(string approver, string query = "") =>
        SendAsync(HttpMethod.Get, $"/approvals{query}", Basic(approver, Secrets[approver]));

    public async Task<Reply> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        var response = await http.SendAsync(request);
        return await Reply.ReadAsync(response);
    }
}
