using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>Authenticates the request's token, or gives the 401 challenge for the scope the endpoint needs.</summary>
public static class Caller
{
    public static async Task<(PresentedToken? Token, BearerChallengeResult? Challenge)> AuthenticateAsync(HttpContext http, Uri metadata, string scope)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            // The failure's detail goes to the log (JwtBearer logs it); the client learns only that the token was refused.
            return (null, BearerChallengeResult.Unauthenticated(metadata, scope, result.Failure is null ? null : "the access token was refused"));
        }

        var token = PresentedToken.From(result.Principal);

        // RFC 9449 §7.1: a DPoP-bound token presented as a Bearer token is refused.
        if (token.SenderConstrained)
        {
            return (null, BearerChallengeResult.Unauthenticated(metadata, scope, "a sender-constrained token must be presented with DPoP"));
        }

        // RFC 8705 §3: a certificate-bound token is accepted only over a TLS connection with that very certificate.
        if (token.CertificateThumbprint is { } bound &&
            (await http.Connection.GetClientCertificateAsync(http.RequestAborted) is not { } certificate ||
             Base64Url.EncodeToString(SHA256.HashData(certificate.RawData)) != bound))
        {
            return (null, BearerChallengeResult.Unauthenticated(metadata, scope, "the token is bound to another client certificate"));
        }

        return (token, null);
    }
}
