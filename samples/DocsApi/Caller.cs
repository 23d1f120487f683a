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
        return token.SenderConstrained
            ? (null, BearerChallengeResult.Unauthenticated(metadata, scope, "a sender-constrained token must be presented with DPoP"))
            : (token, null);
    }
}
