using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>Reads compact JWS tokens and verifies ES256 signatures against a JWK set, by hand (no server code).</summary>
public static class Jwt
{
    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    /// <summary>Whether the token's ES256 signature verifies with the key its <c>kid</c> names in <paramref name="jwks"/>.</summary>
    public static bool VerifiesWith(string jwt, JsonElement jwks)
    {
        var parts = jwt.Split('.');
        var header = Header(jwt);
        if (header.GetProperty("alg").GetString() != "ES256")
        {
            return false;
        }

        var kid = header.TryGetProperty("kid", out var k) ? k.GetString() : null;
        foreach (var key in jwks.GetProperty("keys").EnumerateArray())
        {
            if (kid is not null && key.TryGetProperty("kid", out var keyId) && keyId.GetString() != kid)
            {
                continue;
            }

            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()),
                    Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()),
                },
            });

            // JWS ES256 signatures are r || s (IEEE P1363), .NET's default format.
            if (ec.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonElement Part(string jwt, int index)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]));
        return document.RootElement.Clone();
    }
}
