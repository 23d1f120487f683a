using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A browser as the web inbox sees it, without a browser: its own cookie jar (session and anti-forgery cookies), no
/// automatic redirects, and the forms' anti-forgery tokens read from the pages. Also the agent's side (token requests)
/// for the clients of inbox.json, whose secrets are their ids with "-pw".
/// </summary>
public sealed partial class InboxSession(InboxGatewayFactory factory)
{
    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public InboxGatewayFactory Factory => factory;

    /// <summary>The first anti-forgery token of a page.</summary>
    public static string Token(string html) => AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no anti-forgery token on the page");

    public async Task<HttpResponseMessage> SignInAsync(string user, string password = "demo", string returnUrl = "/inbox")
    {
        var page = await GetAsync($"/inbox/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return await PostAsync("/inbox/signin?handler=password", Token(page.Html), ("username", user), ("password", password), ("returnUrl", returnUrl));
    }

    public async Task<Page> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    public async Task<Page> PostFormAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var response = await PostAsync(path, token, fields);
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(KeyValuePair.Create("__RequestVerificationToken", token));
        }

        return Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>A token request of one of inbox.json's clients.</summary>
    public Task<Reply> TokenAsync(string client, params (string Name, string Value)[] form) => ClientPostAsync("/token", client, form);

    /// <summary>A request of one of inbox.json's clients to one of the OAuth endpoints (<c>/token</c>, <c>/bc-authorize</c>).</summary>
    public async Task<Reply> ClientPostAsync(string path, string client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:{client}-pw")));
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await Reply.ReadAsync(await anonymous.SendAsync(request));
    }

    /// <summary>Starts a deferred client_credentials request; its code and approval id.</summary>
    public async Task<(string Code, string Id)> DeferAsync(string client, string scope, params (string Name, string Value)[] extra)
    {
        var reply = await TokenAsync(client, [("grant_type", "client_credentials"), ("scope", scope), ("completion_mode", "deferred"), .. extra]);
        Assert.True(reply.Error == "authorization_pending", reply.Body);
        var code = reply.Json.GetProperty("deferral_code").GetString()!;
        return (code, DeferralCodes.Id(code));
    }

    /// <summary>Polls the code after the fake clock passed its interval.</summary>
    public Task<Reply> PollAsync(string client, string code)
    {
        factory.Time.Advance(TimeSpan.FromSeconds(2));
        return TokenAsync(client, ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>A page: the response and its HTML.</summary>
public sealed record Page(HttpResponseMessage Response, string Html)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string? Location => Response.Headers.Location?.ToString();
}
