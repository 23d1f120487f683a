using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Connectors;

namespace DeferredOrleans.Core.Connectors;

/// <summary>The headers every request to an external system carries: the signature, and its bearer token if any.</summary>
public static class ConnectorRequest
{
    public const string EventHeader = "X-DeferredOrleans-Event";

    public static List<KeyValuePair<string, string>> Headers(ConnectorSecrets secrets, string? body, DateTimeOffset now, string? eventName = null)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>
        {
            new(ConnectorSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ConnectorSignature.SignatureHeader, ConnectorSignature.Sign(secrets.Secret, timestamp, Encoding.UTF8.GetBytes(body ?? ""))),
        };
        if (eventName is not null)
        {
            headers.Add(new(EventHeader, eventName));
        }

        if (secrets.BearerToken is { } token)
        {
            headers.Add(new("Authorization", $"Bearer {token}"));
        }

        return headers;
    }

    /// <summary>
    /// A key that is the same for every attempt of one task, so a retry after a crash or a lost answer finds the
    /// first submission instead of opening a second one (ARAP Idempotency-Key).
    /// </summary>
    public static string IdempotencyKey(ConnectorTask task) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"deferred-orleans\n{task.Binding.ApproverId}\n{task.DeferralId}")).AsSpan(0, 24));

    /// <summary>Whether two URLs share scheme, host and port; credentials only ever go to the configured origin.</summary>
    public static bool SameOrigin(string url, string configured) =>
        Uri.TryCreate(url, UriKind.Absolute, out var a) && Uri.TryCreate(configured, UriKind.Absolute, out var b) &&
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
