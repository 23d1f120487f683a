using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// HTTP calls to a gateway process on the demo configuration, authenticated the way the README's curl commands do:
/// <c>-u user:password</c>, the agent as <c>agent:agent-secret</c>, the people with the password <c>demo</c>.
/// </summary>
public sealed class DemoClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address };

    /// <summary>A token request of the demo agent; the JSON answer, whatever its status.</summary>
    public async Task<JsonElement> TokenAsync(params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = Basic("agent:agent-secret");
        using var response = await _http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary><c>POST /approvals/{id}/approve</c> as the directory user <paramref name="approver"/>.</summary>
    public Task<HttpResponseMessage> ApproveAsync(string approver, string code) =>
        SendAsync(HttpMethod.Post, $"/approvals/{ApprovalIds.Of(code)}/approve", $"{approver}:demo", "{}");

    /// <summary>A request with <paramref name="credentials"/> (<c>user:password</c>) and an optional JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string credentials, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic(credentials);
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();

    private static AuthenticationHeaderValue Basic(string credentials) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
