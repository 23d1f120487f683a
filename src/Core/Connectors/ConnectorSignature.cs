using System.Buffers;
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
    private const int MaxEntries = 8;
    private const int MaxHeaderLength = 1024;
    private static readonly SearchValues<char> SchemeCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>
    /// Checks a received message. The header may carry several comma-separated <c>v1=</c> values (a sender rotating its
    /// secret); one match is enough. Comparison is constant time.
    /// </summary>
    public static SignatureCheck Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance) =>
        Verify(secret, timestampHeader, signatureHeader, body, now, tolerance, out _);

    /// <summary>
    /// Checks a received message and names the signature that matched in its one canonical form (<c>v1=</c> and
    /// lowercase hex of the MAC over the canonical timestamp), however the header spelled it: upper case, repeated,
    /// beside other values, or with a zero-padded timestamp. That form, not the header, is what a replay guard keys on.
    /// A header that is not a list of <c>scheme=value</c> entries (trailing junk, empty entries, too many) is malformed.
    /// </summary>
    /// <param name="verified">The canonical signature when the check is <see cref="SignatureCheck.Valid"/> or <see cref="SignatureCheck.Stale"/>; else null.</param>
    public static SignatureCheck Verify(
        string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance, out string? verified)
    {
        verified = null;
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || timestampHeader.Length > 12 ||
            Entries(signatureHeader) is not { } entries)
        {
            return SignatureCheck.Malformed;
        }

        var expected = Mac(secret, timestamp, body);
        var matched = false;
        Span<byte> candidate = stackalloc byte[MacLength];
        foreach (var entry in entries)
        {
            if (entry.StartsWith(Scheme, StringComparison.Ordinal) && entry.Length == Scheme.Length + (2 * MacLength) &&
                Convert.FromHexString(entry.AsSpan(Scheme.Length), candidate, out _, out var written) == OperationStatus.Done && written == MacLength)
            {
                matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
            }
        }

        if (!matched)
        {
            return SignatureCheck.Mismatch;
        }

        verified = Scheme + Convert.ToHexStringLower(expected);

        // Checked after the MAC, so an unsigned message learns nothing about the clock.
        return (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    /// <summary>
    /// The header's entries, or null when it is not a list (RFC 9110 §5.6.1: elements separated by commas with
    /// optional spaces around them) of at most <see cref="MaxEntries"/> <c>scheme=value</c> entries of visible characters.
    /// </summary>
    private static string[]? Entries(string header)
    {
        if (header.Length > MaxHeaderLength)
        {
            return null;
        }

        var entries = header.Split(',', StringSplitOptions.TrimEntries);
        return entries.Length <= MaxEntries && entries.All(IsEntry) ? entries : null;

        static bool IsEntry(string entry)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && equals < entry.Length - 1 &&
                entry.AsSpan(0, equals).ContainsAnyExcept(SchemeCharacters) is false &&
                entry.All(c => c is > ' ' and <= '~');
        }
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
