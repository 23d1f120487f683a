using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Core.AuditLog;

/// <summary>
/// One shard's hash chain, as pure functions: entry hashes and the check of a run of entries. The shard number is part
/// of every hash, so an entry cannot be moved to another shard's chain and still verify.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static AuditEntry Link(int shard, long sequence, string previousHash, AuditEvent auditEvent) =>
        new(sequence, auditEvent, previousHash, Hash(shard, sequence, previousHash, auditEvent), shard);

    public static string Hash(int shard, long sequence, string previousHash, AuditEvent auditEvent)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            auditEvent.Kind, auditEvent.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            auditEvent.DeferralId, auditEvent.ClientId, auditEvent.ApproverId, auditEvent.Subject, auditEvent.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{shard}\n{previousHash}\n{sequence}\n{canonical}")));
    }

    /// <summary>
    /// Checks entries of <paramref name="shard"/> in order, continuing from <paramref name="sequence"/> and
    /// <paramref name="previousHash"/>; returns where the chain stands afterwards, or the first problem.
    /// </summary>
    public static (long Sequence, string Hash, string? Problem) Check(int shard, IEnumerable<AuditEntry> entries, long sequence, string previousHash)
    {
        foreach (var entry in entries)
        {
            if (entry.Shard != shard)
            {
                return (sequence, previousHash, $"shard {shard} entry {sequence + 1}: it belongs to shard {entry.Shard}");
            }

            if (entry.Sequence != sequence + 1)
            {
                return (sequence, previousHash, $"shard {shard} entry {sequence + 1} is missing or out of place (found {entry.Sequence} next)");
            }

            if (entry.PreviousHash != previousHash)
            {
                return (sequence, previousHash, $"shard {shard} entry {entry.Sequence} does not follow entry {sequence}");
            }

            if (Hash(shard, entry.Sequence, entry.PreviousHash, entry.Event) != entry.Hash)
            {
                return (sequence, previousHash, $"shard {shard} entry {entry.Sequence}: its hash does not match its content");
            }

            (sequence, previousHash) = (entry.Sequence, entry.Hash);
        }

        return (sequence, previousHash, null);
    }
}
