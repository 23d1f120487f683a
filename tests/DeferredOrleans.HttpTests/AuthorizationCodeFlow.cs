using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The authorization code flow with PKCE as a browser and its client drive it: <c>/authorize</c>'s sign-in and consent
/// forms, then the token request. Confidential clients authenticate with Basic; public ones send <c>client_id</c>,
/// with a DPoP proof when given one.
/// </summary>
public sealed partial class AuthorizationCodeFlow(OAuthTestClient client, string clientId, bool isPublic = false)
{
    public const string RedirectUri = "http://localhost/cb";

    /// <summary>Signs erin in and returns the consent form's fields: the request's parameters and the sign-in ticket.</summary>
    public async Task<SignedIn> SignInAsync(string scope, params (string Name, string Value)[] extra)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        List<KeyValuePair<string, string>> parameters =
        [
            new("response_type", "code"), new("client_id", clientId), new("redirect_uri", RedirectUri), new("scope", scope),
            new("state", Guid.NewGuid().ToString("N")), new("code_challenge", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
            new("code_challenge_method", "S256"), .. extra.Select(e => KeyValuePair.Create(e.Name, e.Value)),
        ];
        var signIn = await client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("username", "erin"), new("password", "erin-pw"), new("action", "signin")]));
        var html = await signIn.Content.ReadAsStringAsync();
        var ticket = WebUtility.HtmlDecode(TicketField().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(ticket), html);
        return new SignedIn(parameters, ticket, verifier);
    }

    /// <summary>Submits the consent form; a redirect to the client carries the code.</summary>
    public Task<HttpResponseMessage> ConsentAsync(SignedIn signedIn, string decision = "allow") =>
        client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. signedIn.Parameters, new("ticket", signedIn.Ticket), new("action", "consent"), new("decision", decision)]));

    /// <summary>Signs in, consents and returns the code with its verifier.</summary>
    public async Task<(string Code, string Verifier)> AuthorizeAsync(string scope, params (string Name, string Value)[] extra)
    {
        var signedIn = await SignInAsync(scope, extra);
        var consent = await ConsentAsync(signedIn);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        return (CodeOf(consent)!, signedIn.Verifier);
    }

    /// <summary>The code a consent's redirect carries, or null when it carries none.</summary>
    public static string? CodeOf(HttpResponseMessage consent) =>
        consent.Headers.Location is { } location ? System.Web.HttpUtility.ParseQueryString(location.Query)["code"] : null;

    public Task<Reply> RedeemAsync(string code, string verifier, string? dpopProof = null, params (string Name, string Value)[] extra) =>
        TokenAsync(dpopProof, [("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("redirect_uri", RedirectUri), .. extra]);

    public Task<Reply> RefreshAsync(string refreshToken, string? dpopProof = null)
    {
        client.Time.Advance(TimeSpan.FromSeconds(1));
        return TokenAsync(dpopProof, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));
    }

    /// <summary>RFC 7009 revocation as this client.</summary>
    public Task<Reply> RevokeAsync(string token, string? hint = null, string? dpopProof = null) =>
        SendAsync("/revoke", dpopProof, hint is null ? [("token", token)] : [("token", token), ("token_type_hint", hint)]);

    private Task<Reply> TokenAsync(string? dpopProof, params (string Name, string Value)[] form) => SendAsync("/token", dpopProof, form);

    private async Task<Reply> SendAsync(string path, string? dpopProof, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent((isPublic ? form.Prepend((Name: "client_id", Value: clientId)) : form).Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        if (!isPublic)
        {
            request.Headers.Authorization = OAuthTestClient.Basic(clientId, OAuthTestClient.SecretOf(clientId));
        }

        if (dpopProof is not null)
        {
            request.Headers.Add("DPoP", dpopProof);
        }

        return await Reply.ReadAsync(await client.Http.SendAsync(request));
    }

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();

    /// <summary>A signed-in user at the consent form.</summary>
    public sealed record SignedIn(List<KeyValuePair<string, string>> Parameters, string Ticket, string Verifier);
}
