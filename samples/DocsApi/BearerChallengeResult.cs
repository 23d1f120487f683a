using System.Text;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>
/// A refusal with an RFC 6750 §3 <c>WWW-Authenticate: Bearer</c> challenge that also names the resource's RFC 9728
/// metadata (§5.1 <c>resource_metadata</c>), so a client can find the authorization server and ask for what is missing.
/// </summary>
public sealed record BearerChallengeResult(int StatusCode, Uri ResourceMetadata, string? Error = null, string? Description = null, string? Scope = null) : IResult
{
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>RFC 6750 §3.1: no credentials gives no error code; a bad token gives invalid_token; both are 401.</summary>
    public static BearerChallengeResult Unauthenticated(Uri metadata, string scope, string? failure) =>
        new(StatusCodes.Status401Unauthorized, metadata, failure is null ? null : InvalidToken, failure, scope);

    /// <summary>RFC 6750 §3.1: insufficient_scope is 403 and names the scope needed.</summary>
    public static BearerChallengeResult Forbidden(Uri metadata, AccessDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(StatusCodes.Status403Forbidden, metadata, InsufficientScope, decision.Description, decision.Scope);
    }

    public string HeaderValue()
    {
        var parameters = new List<string>();
        Add(parameters, "error", Error);
        Add(parameters, "error_description", Description);
        Add(parameters, "scope", Scope);
        Add(parameters, "resource_metadata", ResourceMetadata.AbsoluteUri);
        return "Bearer " + string.Join(", ", parameters);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.Headers.WWWAuthenticate = HeaderValue();
        return Task.CompletedTask;
    }

    private static void Add(List<string> parameters, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        // RFC 9110 §5.6.4: quoted-string; RFC 6750 §3 allows only %x20-21 / %x23-5B / %x5D-7E in these values.
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is >= '\x20' and <= '\x7E' and not '"' and not '\\')
            {
                quoted.Append(c);
            }
        }

        parameters.Add($"{name}={quoted.Append('"')}");
    }
}
