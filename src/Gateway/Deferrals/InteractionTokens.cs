using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Gateway.Configuration;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// The token in a deferral's interaction URI. It is derived from the deferral code under the server's sealing key,
/// so the gateway can rebuild the URI on every poll without the token being stored; the deferral keeps only its
/// digest, and accepts it once.
/// </summary>
public static class InteractionTokens
{
    public const string PathPrefix = "/interaction";

    public static string For(byte[] sealingKey, string code) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(sealingKey, Encoding.ASCII.GetBytes($"interaction\n{code}")));

    public static string Digest(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>DTR: the interaction URI has no fragment and names nothing but the request and the token.</summary>
    public static Uri Uri(ServerOptions server, string deferralId, string token) => server.Endpoint($"{PathPrefix}/{deferralId}/{token}");
}
