using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Reads a form-encoded request body; any malformed body becomes <c>invalid_request</c>, never an exception.</summary>
public static class OAuthRequestReader
{
    public static async Task<(OAuthRequest? Request, OAuthError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // RFC 6749 §3.2: the token endpoint takes application/x-www-form-urlencoded only.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OAuthError.InvalidRequest("the body must be application/x-www-form-urlencoded"));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or DecoderFallbackException)
        {
            return (null, OAuthError.InvalidRequest("the body is not a well-formed form"));
        }

        return OAuthRequest.From(form);
    }

    /// <summary>Bounds on form bodies: OAuth requests are small, so anything large is refused early.</summary>
    public static void Limit(FormOptions options)
    {
        options.ValueCountLimit = 64;
        options.KeyLengthLimit = 128;
        options.ValueLengthLimit = 32 * 1024;
        options.BufferBodyLengthLimit = 64 * 1024;
        options.MultipartBodyLengthLimit = 64 * 1024;
    }
}
