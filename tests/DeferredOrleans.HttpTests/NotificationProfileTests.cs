using System.Net;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>The profile API for notifications: a person's own channels, address and window, validated, with refusals changing nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class NotificationProfileTests(GatewayFactory factory)
{
    private const string Path = "/approvals/profile/notifications";
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Profile_DefaultsThenOwnChoiceThenRefusalsThenReset()
    {
        var defaults = await SendAsync(HttpMethod.Get);
        Assert.Equal((HttpStatusCode.OK, "defaults", 300), (defaults.Status, defaults.Json.GetProperty("source").GetString(), defaults.Json.GetProperty("window_seconds").GetInt32()));
        Assert.Equal(0, defaults.Json.GetProperty("channels").GetArrayLength());
        Assert.Equal("no-store", defaults.CacheControl);

        var chosen = await SendAsync(HttpMethod.Put, """{"channels":["chat","email"],"email":"mallory@example.com","chat_webhook":"https://hooks.example.invalid/services/T0/B0/x","window_seconds":600}""");
        Assert.Equal(HttpStatusCode.OK, chosen.Status);
        Assert.Equal(("profile", 600, "mallory@example.com"), (chosen.Json.GetProperty("source").GetString(), chosen.Json.GetProperty("window_seconds").GetInt32(), chosen.Json.GetProperty("email").GetString()));
        var status = chosen.Json.GetProperty("status").EnumerateArray().ToDictionary(s => s.GetProperty("channel").GetString()!);
        Assert.True(status["chat"].GetProperty("active").GetBoolean());
        Assert.False(status["email"].GetProperty("active").GetBoolean());
        Assert.Equal("the server has no SMTP server configured", status["email"].GetProperty("problem").GetString());

        foreach (var (body, error) in new[]
        {
            ("""{"chat_webhook":"http://127.0.0.1:9/x"}""", "chat_webhook must use https"),
            ("""{"chat_webhook":"https://169.254.169.254/latest"}""", "chat_webhook must not be a private, loopback or link-local address"),
            ("""{"email":"Mallory <mallory@example.com>"}""", "email must be one plain email address, like alice@example.com"),
            ("""{"window_seconds":90000}""", "the window must be between 0 and 86400 seconds"),
            ("""{"channels":["fax"]}""", null),
            ("""{"window_seconds":"soon"}""", null),
        })
        {
            var refused = await SendAsync(HttpMethod.Put, body);
            Assert.Equal((HttpStatusCode.BadRequest, OAuthErrors.InvalidRequest), (refused.Status, refused.Json.GetProperty("error").GetString()));
            if (error is not null)
            {
                Assert.Equal(error, refused.Json.GetProperty("error_description").GetString());
            }
        }

        var unchanged = await SendAsync(HttpMethod.Get);
        Assert.Equal(chosen.Json.GetProperty("chat_webhook").GetString(), unchanged.Json.GetProperty("chat_webhook").GetString());
        Assert.Equal(600, unchanged.Json.GetProperty("window_seconds").GetInt32());

        var reset = await SendAsync(HttpMethod.Delete);
        Assert.Equal((HttpStatusCode.OK, "defaults"), (reset.Status, reset.Json.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Profile_WithoutCredentialsOrJson_IsRefused()
    {
        var anonymous = await _client.SendAsync(HttpMethod.Get, Path, null);
        var form = await _client.SendAsync(HttpMethod.Put, Path, OAuthTestClient.Basic("mallory", OAuthTestClient.SecretOf("mallory")), new FormUrlEncodedContent([KeyValuePair.Create("channels", "email")]));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.BadRequest, form.Status);
    }

    private Task<Reply> SendAsync(HttpMethod method, string? body = null) =>
        _client.SendAsync(method, Path, OAuthTestClient.Basic("mallory", OAuthTestClient.SecretOf("mallory")), body is null ? null : OAuthTestClient.Json(body));
}
