using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.Crypto;

/// <summary>P-256 public keys as JWKs (RFC 7517/7518) and their RFC 7638 thumbprints.</summary>
public static class EcJwk
{
    public static (string X, string Y) PublicCoordinates(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return (Base64Url.EncodeToString(parameters.Q.X), Base64Url.EncodeToString(parameters.Q.Y));
    }

    /// <summary>RFC 7638 §3.2: the members crv, kty, x, y in lexicographic order, no whitespace.</summary>
    public static string Thumbprint(string x, string y)
    {
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Thumbprint(ECDsa key)
    {
        var (x, y) = PublicCoordinates(key);
        return Thumbprint(x, y);
    }
}
