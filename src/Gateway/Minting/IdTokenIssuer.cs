using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>OpenID Connect ID tokens (Core 1.0 §2) for the authorization code and CIBA grants, signed like access tokens.</summary>
public sealed class IdTokenIssuer(ServerKeys keys, IOptions<ServerOptions> options, TimeProvider time)
{
    private readonly ServerOptions _options = options.Value;

    public async Task<string> IssueAsync(string clientId, string subject, string? nonce, DateTimeOffset? authTime, string accessToken, string? authReqId = null)
    {
        var loaded = await keys.GetAsync();
        var now = time.GetUtcNow();
        return JwtWriter.Sign(loaded.Key, loaded.KeyId, "JWT", w =>
        {
            w.WriteString("iss", _options.Issuer);
            w.WriteString("sub", subject);
            w.WriteString("aud", clientId);
            w.WriteNumber("exp", (now + _options.IdTokenLifetime).ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            if (authTime is { } at)
            {
                w.WriteNumber("auth_time", at.ToUnixTimeSeconds());
            }

            if (nonce is not null)
            {
                w.WriteString("nonce", nonce);
            }

            // OIDC Core §3.1.3.6: at_hash is the left half of the SHA-256 of the access token.
            w.WriteString("at_hash", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16)));
            if (authReqId is not null)
            {
                // CIBA §10.1.1: names the request the tokens answer.
                w.WriteString("urn:openid:params:jwt:claim:auth_req_id", authReqId);
            }
        });
    }
}
