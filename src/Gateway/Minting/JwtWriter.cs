using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>Compact JWS with ES256 (RFC 7515, RFC 7518 §3.4: the signature is r||s, which .NET produces by default).</summary>
public static class JwtWriter
{
    public static string Sign(ECDsa key, string keyId, string type, Action<Utf8JsonWriter> claims)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", "ES256");
            w.WriteString("typ", type);
            w.WriteString("kid", keyId);
        });
        var payload = Json(claims);
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // Relaxed escaping keeps "at+jwt" readable; the output is never embedded in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
