using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>A client's DPoP key (P-256) that makes RFC 9449 proofs, on a test's clock or the real one.</summary>
public sealed class DpopKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order.</summary>
    public string Thumbprint
    {
        get
        {
            var (x, y) = Coordinates();
            return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
        }
    }

    /// <summary>A fresh proof (new <c>jti</c>, <c>iat</c> now on the real clock) for one request.</summary>
    public string Proof(string method, string url, string? jti = null) => Proof(method, url, DateTimeOffset.UtcNow, jti);

    /// <summary>A proof issued at <paramref name="issuedAt"/> (a test's fake clock).</summary>
    public string Proof(string method, string url, DateTimeOffset issuedAt, string? jti = null)
    {
        var (x, y) = Coordinates();
        var header = JsonSerializer.SerializeToUtf8Bytes(new { typ = "dpop+jwt", alg = "ES256", jwk = new { kty = "EC", crv = "P-256", x, y } });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { jti = jti ?? Guid.NewGuid().ToString("N"), htm = method, htu = url, iat = issuedAt.ToUnixTimeSeconds() });
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{input}.{Base64Url.EncodeToString(_key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    public void Dispose() => _key.Dispose();

    private (string X, string Y) Coordinates()
    {
        var p = _key.ExportParameters(false);
        return (Base64Url.EncodeToString(p.Q.X), Base64Url.EncodeToString(p.Q.Y));
    }
}
