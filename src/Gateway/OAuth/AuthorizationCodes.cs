using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Authorization codes: 256 random bits, base64url; the server keeps only the digest, which keys the code's grain.</summary>
public static class AuthorizationCodes
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Id(string code) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
