using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// The shape of deferral codes and of their ids (the SHA-256 digest of a code): 32 bytes as unpadded base64url, so
/// anything else can be turned away before a grain is addressed.
/// </summary>
public static class DeferralIds
{
    public const int Length = 43;

    public static bool IsWellFormed(string value) =>
        value.Length == Length && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A fresh code: 256 bits from a CSPRNG (RFC 6749 §10.10 asks for at least 128).</summary>
    public static string NewCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The id of a code: its SHA-256 digest, which is the grain key.</summary>
    public static string Of(string code) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(code)));
}
