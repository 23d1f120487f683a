using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.InteropTests;

/// <summary>An approver deciding through the approval API over HTTP, as a person would; never a back door.</summary>
public static class Approvals
{
    public static async Task ApproveAsync(HttpClient http, string code, Party approver)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/approvals/{ApprovalIds.Of(code)}/approve", UriKind.Relative))
        {
            Content = new StringContent("""{"reason":"interop"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{approver.Id}:{approver.Secret}")));
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"approve answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
