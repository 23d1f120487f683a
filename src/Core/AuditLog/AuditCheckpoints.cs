using System.Buffers.Text;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Core.AuditLog;

/// <summary>
/// Signed checkpoints over the shard heads (after RFC 9162 §4.10's signed tree head): their canonical text, signing,
/// and the check of the log against checkpoints a witness kept.
/// </summary>
public static class AuditCheckpoints
{
    public const string Header = "deferred-orleans audit checkpoint v1";

    /// <summary>The text that is signed: one field per line, shards in order, times in UTC to the millisecond.</summary>
    public static string Body(long number, DateTimeOffset issuedAt, IEnumerable<AuditShardHead> shards, string previous)
    {
        var text = new StringBuilder()
            .Append(Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"number {number}\n")
            .Append(CultureInfo.InvariantCulture, $"issued-at {issuedAt.ToUnixTimeMilliseconds()}\n")
            .Append(CultureInfo.InvariantCulture, $"previous {previous}\n");
        foreach (var shard in shards.OrderBy(s => s.Shard))
        {
            text.Append(CultureInfo.InvariantCulture, $"shard {shard.Shard} {shard.Size} {shard.Head}\n");
        }

        return text.ToString();
    }

    public static string Body(AuditCheckpoint checkpoint) => Body(checkpoint.Number, checkpoint.IssuedAt, checkpoint.Shards, checkpoint.Previous);

    /// <summary>What the next checkpoint names as its previous one: SHA-256 of this one's signed text, hex.</summary>
    public static string Digest(AuditCheckpoint? checkpoint) =>
        checkpoint is null ? AuditChain.Genesis : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body(checkpoint))));

    /// <summary>The checkpoint after <paramref name="previous"/> over <paramref name="shards"/>, signed ES256 by <paramref name="key"/>.</summary>
    public static AuditCheckpoint Sign(AuditCheckpoint? previous, IEnumerable<AuditShardHead> shards, DateTimeOffset now, string keyId, ECDsa key)
    {
        var heads = shards.OrderBy(s => s.Shard).ToImmutableArray();
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var number = (previous?.Number ?? 0) + 1;
        var digest = Digest(previous);
        var signature = key.SignData(Encoding.UTF8.GetBytes(Body(number, issuedAt, heads, digest)), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new AuditCheckpoint(number, issuedAt, heads, digest, keyId, Base64Url.EncodeToString(signature));
    }

    /// <summary>True when the checkpoint's signature verifies with the P-256 public key (x, y, base64url).</summary>
    public static bool HasValidSignature(AuditCheckpoint checkpoint, string x, string y)
    {
        try
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
            });
            return key.VerifyData(
                Encoding.UTF8.GetBytes(Body(checkpoint)), Base64Url.DecodeFromChars(checkpoint.Signature), HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when nothing changed since <paramref name="previous"/>: no new checkpoint is needed.</summary>
    public static bool Unchanged(AuditCheckpoint? previous, IEnumerable<AuditShardHead> shards) =>
        previous is not null && previous.Shards.SequenceEqual(shards.OrderBy(s => s.Shard));

    /// <summary>The sizes each shard must report its recomputed head at, to be compared with the checkpoints.</summary>
    public static ImmutableDictionary<int, ImmutableArray<long>> SizesToCheck(IEnumerable<AuditCheckpoint> checkpoints) =>
        checkpoints.SelectMany(c => c.Shards)
            .GroupBy(s => s.Shard)
            .ToImmutableDictionary(g => g.Key, g => g.Select(s => s.Size).Distinct().Order().ToImmutableArray());

    /// <summary>
    /// The first way the log, as the shards recomputed it, falls short of a witnessed checkpoint (oldest first), naming
    /// the checkpoint; null if it holds every witnessed entry unaltered. A shard smaller than a checkpoint says is a
    /// deletion or a rollback; a different head at a witnessed size is an edit, a reordering or a replaced history.
    /// </summary>
    public static string? Check(IEnumerable<AuditCheckpoint> witnessed, IReadOnlyDictionary<int, AuditShardVerification> shards)
    {
        foreach (var checkpoint in witnessed.OrderBy(c => c.Number))
        {
            foreach (var head in checkpoint.Shards)
            {
                var entries = shards.TryGetValue(head.Shard, out var shard) ? shard.Entries : 0;
                if (entries < head.Size)
                {
                    return $"{Name(checkpoint)} witnessed {head.Size} entries in shard {head.Shard}, the log holds {entries}: " +
                        "entries were removed or the database was rolled back";
                }

                if (shard!.At.FirstOrDefault(a => a.Size == head.Size) is not { } at || at.Head != head.Head)
                {
                    return $"shard {head.Shard} differs from {Name(checkpoint)} at entry {head.Size}: " +
                        "entries it witnessed were altered, reordered or replaced";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="next"/> cannot come after <paramref name="witnessed"/> in an append-only log, or null if it
    /// can: a number not higher, or a shard with fewer entries, means the database went back to an older state.
    /// </summary>
    public static string? Follows(AuditCheckpoint witnessed, AuditCheckpoint next)
    {
        if (next.Number <= witnessed.Number)
        {
            return $"checkpoint {next.Number} comes after {Name(witnessed)}";
        }

        var shrunk = witnessed.Shards.FirstOrDefault(w => (next.Shards.FirstOrDefault(n => n.Shard == w.Shard)?.Size ?? 0) < w.Size);
        return shrunk is null ? null : $"checkpoint {next.Number} has fewer entries in shard {shrunk.Shard} than {Name(witnessed)} ({shrunk.Size})";
    }

    /// <summary>How reports name a checkpoint: <c>checkpoint 7 (2026-11-30T11:40:00.000Z)</c>.</summary>
    public static string Name(AuditCheckpoint checkpoint) =>
        $"checkpoint {checkpoint.Number} ({checkpoint.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)})";
}
