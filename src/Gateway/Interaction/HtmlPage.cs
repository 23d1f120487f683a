using System.Text;
using System.Text.Encodings.Web;

namespace DeferredOrleans.Gateway.Interaction;

/// <summary>Small server-rendered pages; every interpolated value is HTML-encoded.</summary>
public static class HtmlPage
{
    public static IResult Render(int status, string title, string body) =>
        Results.Content(Document(title, body), "text/html; charset=utf-8", Encoding.UTF8, status);

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
