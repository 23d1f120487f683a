using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// No malformed request to any endpoint produces a 5xx: truncated, duplicated, oversized and wrongly encoded
/// parameters, wrong content types and wrong credentials, posted to every endpoint the server maps.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class EveryEndpointFuzzTests(GatewayFactory factory)
{
    private static readonly string[] FormEndpoints = ["/token", "/revoke", "/introspect", "/bc-authorize", "/authorize", "/deferred-authentication/cancel"];

    private static readonly string[] ApprovalPaths =
    [
        "/approvals", "/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/approve",
        "/approvals/%20/deny", "/interaction/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/token",
        "/connectors/change-board/callback", "/connectors/access-board/callback", "/connectors/%20/callback",
    ];

    private static readonly (string Name, string Body, string ContentType)[] Bodies =
    [
        ("empty", "", "application/x-www-form-urlencoded"),
        ("truncated escape", "grant_type=client_credentials&token=ab%2", "application/x-www-form-urlencoded"),
        ("truncated pair", "grant_type=client_credentials&token", "application/x-www-form-urlencoded"),
        ("duplicated", "token=a&token=b&scope=x&scope=y&client_id=c1&client_id=c2", "application/x-www-form-urlencoded"),
        ("oversized", "token=" + new string('a', 300_000), "application/x-www-form-urlencoded"),
        ("wrong encoding", "token=%FF%FE%00&scope=%C3%28", "application/x-www-form-urlencoded"),
        ("latin-1 bytes", "scope=caf\u00e9", "application/x-www-form-urlencoded; charset=iso-8859-1"),
        ("json", """{"token":"a"}""", "application/json"),
        ("broken json", """{"token":""", "application/json"),
        ("multipart", "--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\na\r\n--x--", "multipart/form-data; boundary=x"),
        ("no content type", "token=a", ""),
        ("nested brackets", "authorization_details=" + Uri.EscapeDataString(new string('[', 3000)), "application/x-www-form-urlencoded"),
        ("deep authorization_details", "grant_type=client_credentials&scope=read&authorization_details=" + Uri.EscapeDataString("[{\"type\":\"x\",\"a\":" + new string('[', 200) + new string(']', 200) + "}]"), "application/x-www-form-urlencoded"),
        ("many parameters", string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}=v")), "application/x-www-form-urlencoded"),
        ("dpop garbage", "grant_type=client_credentials&scope=read", "application/x-www-form-urlencoded"),
    ];

    private static readonly string?[] Authorizations =
    [
        null, "Basic YzE6YzEtc2VjcmV0", "Basic !!!", "Bearer x", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("c1:" + new string('x', 5000))),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in FormEndpoints.Concat(ApprovalPaths))
        {
            foreach (var body in Bodies)
            {
                data.Add(endpoint, body.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedRequest_ToAnyEndpoint_IsNeverA5xx(string endpoint, string bodyName)
    {
        var body = Bodies.Single(b => b.Name == bodyName);
        var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var authorization in Authorizations)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Body)) };
            if (body.ContentType.Length > 0)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
            }

            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (bodyName == "dpop garbage")
            {
                request.Headers.TryAddWithoutValidation("DPoP", "e30.e30.e30");
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode < 500, $"{endpoint} {bodyName} {authorization}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/authorize?client_id=web&client_id=web")]
    [InlineData("/authorize?response_type=code&client_id=web&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&scope=%FF&code_challenge=x")]
    [InlineData("/authorize?%%%")]
    [InlineData("/approvals?limit=abc&cursor=%00")]
    [InlineData("/approvals?limit=99999999999999999999")]
    [InlineData("/.well-known/oauth-authorization-server?x=%%")]
    [InlineData("/jwks?%FF")]
    [InlineData("/interaction/%2e%2e/%2e%2e")]
    public async Task MalformedGet_IsNeverA5xx(string path)
    {
        var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Basic YXBwcm92ZXI6YXBwcm92ZXItcHc=");

        using var response = await http.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
    }
}
