using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Dpop;

/// <summary>Public JWKs (EC P-256, RSA): signature verification and RFC 7638 thumbprints.</summary>
public static class JwkKeys
{
    public static (bool Valid, string? Thumbprint) VerifyAndThumbprint(JsonElement jwk, string algorithm, byte[] signingInput, byte[] signature)
    {
        var kty = jwk.GetProperty("kty").GetString();
        switch (kty, algorithm)
        {
            case ("EC", "ES256"):
            {
                var (crv, x, y) = (Member(jwk, "crv"), Member(jwk, "x"), Member(jwk, "y"));
                if (crv != "P-256")
                {
                    return (false, null);
                }

                using var key = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
                });
                return (key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256), Thumbprint($$"""{"crv":"{{crv}}","kty":"EC","x":"{{x}}","y":"{{y}}"}"""));
            }

            case ("RSA", "RS256" or "PS256"):
            {
                var (n, e) = (Member(jwk, "n"), Member(jwk, "e"));
                using var key = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) });
                if (key.KeySize < 2048)
                {
                    return (false, null);
                }

                var padding = algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                return (key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, padding), Thumbprint($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}"""));
            }

            default:
                return (false, null);
        }
    }

    /// <summary>A base64url member; anything else would let a crafted value change the canonical thumbprint input.</summary>
    private static string Member(JsonElement jwk, string name)
    {
        var value = jwk.GetProperty(name).GetString() ?? throw new FormatException($"jwk.{name} is missing");
        return value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : throw new FormatException($"jwk.{name} is not base64url");
    }

    private static string Thumbprint(string canonical) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
