using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Client;

/// <summary>
/// A P-256 key that signs DPoP proofs (RFC 9449 §4): <c>typ: dpop+jwt</c>, ES256, the public key in the header, a
/// fresh <c>jti</c>, <c>htm</c>, <c>htu</c>, <c>iat</c>, and <c>nonce</c> and <c>ath</c> where needed. The caller
/// owns the key (and its lifetime); the client only signs with it.
/// </summary>
public sealed class DpopKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly bool _owned;
    private readonly string _jwk;

    private DpopKey(ECDsa key, bool owned)
    {
        var parameters = key.ExportParameters(false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new ArgumentException("A DPoP key here is a P-256 (ES256) key.", nameof(key));
        }

        _key = key;
        _owned = owned;
        var x = Base64Url(parameters.Q.X!);
        var y = Base64Url(parameters.Q.Y!);

        // RFC 7638 §3: the thumbprint hashes the required members in lexicographic order, without spaces.
        _jwk = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        Thumbprint = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(_jwk)));
    }

    /// <summary>RFC 7638 thumbprint of the public key: the token's <c>cnf.jkt</c>.</summary>
    public string Thumbprint { get; }

    /// <summary>A new key of the client's own, disposed with this object.</summary>
    public static DpopKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), owned: true);

    /// <summary>Signs with the caller's key, which the caller keeps and disposes.</summary>
    public static DpopKey FromECDsa(ECDsa key) => new(key, owned: false);

    /// <summary>A proof for one request; <paramref name="accessToken"/> adds <c>ath</c> for a resource request (RFC 9449 §7).</summary>
    public string CreateProof(HttpMethod method, Uri uri, DateTimeOffset now, string? nonce = null, string? accessToken = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);

        // RFC 9449 §4.2: htu is the URI without query and fragment.
        var htu = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var header = $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{_jwk}}}""";
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("jti", Base64Url(RandomNumberGenerator.GetBytes(16)));
            writer.WriteString("htm", method.Method);
            writer.WriteString("htu", htu);
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            if (nonce is not null)
            {
                writer.WriteString("nonce", nonce);
            }

            if (accessToken is not null)
            {
                writer.WriteString("ath", Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))));
            }

            writer.WriteEndObject();
        }

        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(payload.ToArray())}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>Disposes a generated key; a caller's key stays the caller's.</summary>
    public void Dispose()
    {
        if (_owned)
        {
            _key.Dispose();
        }
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
