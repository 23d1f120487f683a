using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.AuditLog;

/// <summary>Which shard of the audit log an event goes to.</summary>
public static class AuditShards
{
    /// <summary>
    /// The shard of a deferral's events: a stable hash (SHA-256, not <see cref="string.GetHashCode()"/>, which differs
    /// between processes) of its id, so that all of one deferral's events are in one chain, in order.
    /// </summary>
    public static int Of(string deferralId, int shards)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(deferralId), digest);
        return (int)(BitConverter.ToUInt32(digest[..4]) % (uint)shards);
    }
}
