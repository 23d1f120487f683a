using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Where a deferral's wake-up goes in the durable timer wheel: a bucket per minute of due time and per shard, so that
/// one reminder serves every deferral due in that minute of that shard, and no bucket is a hot spot. The shard is a
/// stable hash of the deferral's id (the same in every process and version), so a repeated wake-up of one deferral
/// lands in the same bucket.
/// </summary>
public static class DeadlineWheel
{
    public const int Shards = 8;

    public static readonly TimeSpan BucketWidth = TimeSpan.FromMinutes(1);

    /// <summary>The bucket of <paramref name="deferralId"/> due at <paramref name="dueAt"/> (a time after 1970).</summary>
    public static string BucketKey(string deferralId, DateTimeOffset dueAt) =>
        GrainKeys.DeadlineBucket(dueAt.ToUnixTimeSeconds() / (long)BucketWidth.TotalSeconds, Shard(deferralId));

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int Shard(string deferralId)
    {
        var hash = 2166136261u;
        foreach (var c in deferralId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }

    /// <summary>
    /// When a deferral should next be woken: its open escalation deadline, its expiry while undecided, or its purge
    /// once resolved; null when nothing is left to do (it no longer exists).
    /// </summary>
    public static DateTimeOffset? NextWake(DeferralState current, DateTimeOffset now, TimeSpan retention)
    {
        if (!current.Exists)
        {
            return null;
        }

        var purge = current.PurgeAt(retention);
        if (current.StatusAt(now) is not (DeferralStatus.Pending or DeferralStatus.Approved))
        {
            return purge;
        }

        var escalations = current.StatusAt(now) == DeferralStatus.Pending ? current.EscalationDeadlines() : [];
        return escalations.Append(current.Plan.ExpiresAt).Min();
    }
}
