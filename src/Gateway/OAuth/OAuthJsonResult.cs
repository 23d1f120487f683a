using System.Text.Json;

namespace DeferredOrleans.Gateway.OAuth;

/// <summary>
/// Writes an OAuth JSON response: every one carries <c>Cache-Control: no-store</c> and <c>Pragma: no-cache</c>
/// (RFC 6749 §5.1; DTR requires no-store on every error, pending ones included).
/// </summary>
public sealed class OAuthJsonResult(int status, Action<Utf8JsonWriter> body, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public int Status => status;

    public static OAuthJsonResult For(OAuthError error, IReadOnlyDictionary<string, string>? headers = null) =>
        new(error.Status, w =>
        {
            w.WriteString(OAuthParameters.Error, error.Error);
            if (error.Description is { } description)
            {
                w.WriteString(OAuthParameters.ErrorDescription, description);
            }

            foreach (var (name, value) in error.Members ?? new Dictionary<string, string>())
            {
                w.WriteString(name, value);
            }
        }, headers ?? DefaultHeaders(error));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        StartNoStore(response, status, headers);
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>Starts a JSON answer that no cache may keep (RFC 6749 §5.1), with the given status and extra headers.</summary>
    public static void StartNoStore(HttpResponse response, int status, IReadOnlyDictionary<string, string>? headers = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
    }

    private static Dictionary<string, string>? DefaultHeaders(OAuthError error) => error switch
    {
        // RFC 6749 §5.2: a 401 names the authentication scheme the client should use.
        { Error: OAuthErrors.InvalidClient } => new() { ["WWW-Authenticate"] = "Basic realm=\"DeferredOrleans\"" },
        { Error: OAuthErrors.InvalidToken } => new() { ["WWW-Authenticate"] = "Bearer error=\"invalid_token\"" },
        { RetryAfter: { } after } => new() { ["Retry-After"] = Seconds(after) },
        { Error: OAuthErrors.TemporarilyUnavailable or OAuthErrors.TooManyRequests } => new() { ["Retry-After"] = "5" },
        _ => null,
    };

    /// <summary>RFC 9110 §10.2.3: whole seconds, here at least one.</summary>
    private static string Seconds(TimeSpan after) =>
        Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
