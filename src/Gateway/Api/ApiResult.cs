using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// A typed answer of the approval or admin API, serialized with <see cref="ApiJson.Options"/>. Like every OAuth
/// answer it is never cached (RFC 6749 §5.1: <c>Cache-Control: no-store</c>).
/// </summary>
public sealed class ApiResult<T>(int status, T body, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        OAuthJsonResult.StartNoStore(response, status, headers);
        await JsonSerializer.SerializeAsync(response.Body, body, ApiJson.Options, httpContext.RequestAborted);
    }
}
