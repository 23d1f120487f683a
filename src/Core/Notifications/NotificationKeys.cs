using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.Notifications;

/// <summary>Idempotency keys of messages: derived from the delivery's grain key, so every attempt carries the same one.</summary>
public static class NotificationKeys
{
    /// <summary>base64url of SHA-256 over a fixed label and the delivery key: stable, opaque, 43 characters.</summary>
    public static string Idempotency(string deliveryKey) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"deferred-orleans/notification/{deliveryKey}")));
}
