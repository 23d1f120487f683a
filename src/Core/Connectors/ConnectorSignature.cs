using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// The signature on every message between the server and an external system, both ways:
/// <c>X-DeferredOrleans-Signature: v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c> with the Unix time in
/// <c>X-DeferredOrleans-Timestamp</c>. Signing the timestamp with the body bounds replays to the tolerance window.
/// </summary>
public static class ConnectorSignature
{
    public const string TimestampHeader = "X-DeferredOrleans-Timestamp";
    public const string SignatureHeader = "X-DeferredOrleans-Signature";
    private const string Scheme = "v1=";
    private const int MacLength = 32;

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>
    /// Checks a received message. The header may carry several comma-separated <c>v1=</c> values (a sender rotating its
    /// secret); one match is enough. Comparison is constant time.
    /// </summary>
    public static SignatureCheck Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || timestampHeader.Length > 12)
        {
            return SignatureCheck.Malformed;
        }

        var expected = Mac(secret, timestamp, body);
        var matched = false;
        Span<byte> candidate = stackalloc byte[MacLength];
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(Scheme, StringComparison.Ordinal) && part.Length == Scheme.Length + (2 * MacLength) &&
                Convert.FromHexString(part.AsSpan(Scheme.Length), candidate, out _, out var written) == System.Buffers.OperationStatus.Done && written == MacLength)
            {
                matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
            }
        }

        if (!matched)
        {
            return SignatureCheck.Mismatch;
        }

        // Checked after the MAC, so an unsigned message learns nothing about the clock.
        return (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
