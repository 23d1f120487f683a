using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// A form whose anti-forgery token is missing, forged or from another session is refused with a page that says so
/// (instead of ASP.NET Core's empty 400); the handler never ran, so nothing changed.
/// </summary>
public sealed class AntiforgeryRefusal : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/html; charset=utf-8",
                Content = """
                    <!doctype html>
                    <html lang="en">
                    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Form refused · DeferredOrleans inbox</title><link rel="stylesheet" href="/inbox/assets/inbox.css"></head>
                    <body>
                    <a class="skip" href="#main">Skip to content</a>
                    <header class="top"><p class="brand"><a href="/inbox">DeferredOrleans inbox</a></p></header>
                    <main id="main" tabindex="-1">
                    <h1>Form refused</h1>
                    <p role="alert">This form could not be accepted: it has expired, belongs to another session, or did not come from this site. Nothing was changed.</p>
                    <p><a href="/inbox">Go to your inbox</a> and try again.</p>
                    </main>
                    </body>
                    </html>
                    """,
            };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
