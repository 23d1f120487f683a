using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.ClusterTests;

/// <summary>The agent and the approvers, speaking HTTP to the gateway; every answer is kept as a <see cref="Answer"/>.</summary>
public sealed class DtrClient : IDisposable
{
    private const string DeferredGrant = "urn:ietf:params:oauth:grant-type:deferred";
    private readonly HttpClient _http;

    public DtrClient(Uri gateway)
    {
        // Short-lived pooled connections, so a restarted gateway is reached on fresh ones.
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(5) };
        _http = new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<Answer> RequestAsync(string scope) =>
        TokenAsync(("grant_type", "client_credentials"), ("scope", scope), ("completion_mode", "deferred"));

    public Task<Answer> PollAsync(string code) => TokenAsync(("grant_type", DeferredGrant), ("deferral_code", code));

    public Task<Answer> ApproveAsync(string approver, string id) =>
        SendAsync(HttpMethod.Post, $"/approvals/{id}/approve", Basic(approver, "demo"), new StringContent("{}", Encoding.UTF8, "application/json"));

    public Task<Answer> ViewAsync(string approver, string id) => SendAsync(HttpMethod.Get, $"/approvals/{id}", Basic(approver, "demo"));

    public Task<Answer> ListAsync(string approver, string? cursor = null) =>
        SendAsync(HttpMethod.Get, cursor is null ? "/approvals?limit=200" : $"/approvals?limit=200&cursor={Uri.EscapeDataString(cursor)}", Basic(approver, "demo"));

    public void Dispose() => _http.Dispose();

    private Task<Answer> TokenAsync(params (string Name, string Value)[] form) =>
        SendAsync(HttpMethod.Post, "/token", Basic("agent", "agent-secret"), new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    private async Task<Answer> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue authorization, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var json = body.Length > 0 && body[0] == '{' ? JsonDocument.Parse(body).RootElement.Clone() : default;
            return new Answer(path, (int)response.StatusCode, json, response.Headers.RetryAfter is not null, clock.Elapsed, body);
        }
        catch (HttpRequestException e)
        {
            // The gateway is not there (restarting): the request never got an HTTP answer.
            return new Answer(path, 0, default, false, clock.Elapsed, e.Message);
        }
    }

    private static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
}
