using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// The connector signature as an external system computes it, written out here rather than borrowed from the server:
/// <c>v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>.
/// </summary>
public static class Hmac
{
    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    public static bool Verify(string secret, ExternalRequest request) =>
        request.Header("X-DeferredOrleans-Timestamp") is { } timestamp && request.Header("X-DeferredOrleans-Signature") is { } signature &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(secret, long.Parse(timestamp, CultureInfo.InvariantCulture), request.Body)));
}
