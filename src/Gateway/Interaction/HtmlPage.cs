using System.Text;
using System.Text.Encodings.Web;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Interaction;

/// <summary>Small server-rendered pages; every interpolated value is HTML-encoded.</summary>
public static class HtmlPage
{
    public static IResult Render(int status, string title, string body) =>
        Results.Content(Document(title, body), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>
    /// A sign-in refused before the password was checked: 429 when the account is over its rate or locked after
    /// failed attempts, 503 when the server is too busy; with <c>Retry-After</c>.
    /// </summary>
    public static IResult Refused(HttpContext http, CredentialCheck check)
    {
        http.Response.Headers.RetryAfter = check.RetryAfterHeader;
        return check.Verdict == CredentialVerdict.Busy
            ? Render(check.RefusalStatus, "Try again shortly", "<p>The server is busy. Try again in a moment.</p>")
            : Render(check.RefusalStatus, "Too many attempts", "<p>Too many sign-in attempts. Try again later.</p>");
    }

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    private static string Document(string title, string body) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="referrer" content="no-referrer">
          <title>{{Encode(title)}}</title>
          <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}dt{font-weight:600}</style>
        </head>
        <body>
          <h1>{{Encode(title)}}</h1>
          {{body}}
        </body>
        </html>
        """;
}
