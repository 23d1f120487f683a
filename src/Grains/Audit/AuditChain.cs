using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>The hash chain, as pure functions: entry hashes and the check of a whole sequence of entries.</summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static AuditEntry Link(long sequence, string previousHash, AuditEvent auditEvent) =>
        new(sequence, auditEvent, previousHash, Hash(sequence, previousHash, auditEvent));

    public static string Hash(long sequence, string previousHash, AuditEvent auditEvent)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            auditEvent.Kind, auditEvent.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            auditEvent.DeferralId, auditEvent.ClientId, auditEvent.ApproverId, auditEvent.Subject, auditEvent.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{previousHash}\n{sequence}\n{canonical}")));
    }

    /// <summary>
    /// Checks entries in order, continuing from <paramref name="sequence"/> and <paramref name="previousHash"/>;
    /// returns where the chain stands afterwards, or the first problem.
    /// </summary>
    public static (long Sequence, string Hash, string? Problem) Check(IEnumerable<AuditEntry> entries, long sequence, string previousHash)
    {
        foreach (var entry in entries)
        {
            if (entry.Sequence != sequence + 1)
            {
                return (sequence, previousHash, $"entry {sequence + 1} is missing (found {entry.Sequence} next)");
            }

            if (entry.PreviousHash != previousHash)
            {
                return (sequence, previousHash, $"entry {entry.Sequence} does not follow entry {sequence}");
            }

            if (Hash(entry.Sequence, entry.PreviousHash, entry.Event) != entry.Hash)
            {
                return (sequence, previousHash, $"entry {entry.Sequence}: its hash does not match its content");
            }

            (sequence, previousHash) = (entry.Sequence, entry.Hash);
        }

        return (sequence, previousHash, null);
    }
}
