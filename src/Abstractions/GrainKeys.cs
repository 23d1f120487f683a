using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Abstractions.Replay;

namespace DeferredOrleans.Abstractions;

/// <summary>
/// Keys of the grains that are addressed by convention. Requests' own grains (deferrals, inboxes, refresh families)
/// are keyed by their ids; these are the rest.
/// </summary>
public static class GrainKeys
{
    /// <summary>The server's one <see cref="IKeyRingGrain"/>.</summary>
    public const string KeyRing = "default";

    /// <summary>The <see cref="IAuditLogGrain"/> (a stateless worker: callers share the key, not an activation).</summary>
    public const string AuditLog = "default";

    /// <summary>The one <see cref="IAuditCheckpointGrain"/>.</summary>
    public const string AuditCheckpoints = "default";

    /// <summary>The one <see cref="IDirectoryGrain"/>.</summary>
    public const string Directory = "default";

    /// <summary>The one <see cref="Sessions.ISessionKeysGrain"/>.</summary>
    public const string SessionKeys = "default";

    /// <summary><see cref="IReplayGuardGrain"/>s whose keys start with this persist what they saw; the others keep it in memory only.</summary>
    public const string DurableReplayPrefix = "durable/";

    /// <summary>The <see cref="Deferrals.IDeadlineBucketGrain"/> of one minute (Unix minutes) and shard: "29172345/3".</summary>
    public static string DeadlineBucket(long minute, int shard) => $"{minute}/{shard}";

    /// <summary>The key of the <see cref="IApprovalTaskGrain"/> of <paramref name="approverId"/> for <paramref name="deferralId"/>: <c>{approverId}/{deferralId}</c>.</summary>
    public static string ApprovalTask(string approverId, string deferralId) => $"{approverId}/{deferralId}";

    /// <summary>
    /// The key of the <see cref="Notifications.INotificationDeliveryGrain"/> of a user's <paramref name="sequence"/>-th
    /// message on a channel: <c>{userId}/{channel}/{sequence}</c>.
    /// </summary>
    public static string NotificationDelivery(string userId, Notifications.NotificationChannel channel, long sequence) =>
        $"{userId}/{channel.ToString().ToLowerInvariant()}/{sequence}";

    /// <summary>
    /// The key of the <see cref="Notifications.INotificationDeliveryGrain"/> that tells a user on a channel of the
    /// decision on <paramref name="deferralId"/>: <c>{userId}/{channel}/decision-{deferralId}</c>, one per request.
    /// </summary>
    public static string DecisionDelivery(string userId, Notifications.NotificationChannel channel, string deferralId) =>
        $"{userId}/{channel.ToString().ToLowerInvariant()}/decision-{deferralId}";

    /// <summary>Splits an approval task key; deferral ids are base64url, so the last slash separates them.</summary>
    public static (string ApproverId, string DeferralId) SplitApprovalTask(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? (key, "") : (key[..slash], key[(slash + 1)..]);
    }
}
