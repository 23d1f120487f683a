using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>
/// Changes the directory at runtime: the change is validated against the whole directory and the policy, checked
/// against the quorum guard, stored durably (optimistic concurrency, retried on a conflict), then installed; other
/// gateways pick it up on refresh.
/// </summary>
/// <remarks>
/// The quorum guard (<see cref="QuorumGuard"/>): one admin alone may not change who counts toward a quorum (the
/// members of a group a K-of-N rule routes to, or the credentials of those people), or that admin could add
/// accomplices, or become them, and meet the quorum alone. Such changes are refused unless
/// <c>DeferredOrleans:Directory:AllowSingleAdminQuorumGroupChanges</c> is true; they belong in the configured
/// directory, which changes only through a reviewed deployment like the policy itself.
/// </remarks>
public sealed class DirectoryEditor(PolicyStore store, IGrainFactory grains, IOptions<DirectoryGuardOptions> guard)
{
    private const int Attempts = 3;

    /// <summary>Applies <paramref name="change"/> (which returns a problem, or null); why it was refused, or null.</summary>
    public async Task<DirectoryRefusal?> ChangeAsync(Func<DirectoryChanges, string?> change)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(GrainKeys.Directory);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = store.Changes;
            var next = Clone(current);
            if (change(next) is { } problem)
            {
                return new DirectoryRefusal(problem);
            }

            var (after, error) = store.Validate(next);
            error ??= DirectoryCredentials.Problems(next.Upserted.Users).FirstOrDefault();
            if (error is not null)
            {
                return new DirectoryRefusal(error);
            }

            if (!guard.Value.AllowSingleAdminQuorumGroupChanges &&
                QuorumGuard.Problems(store.Policy, store.DirectoryOf(current), after!) is [var first, ..])
            {
                return new DirectoryRefusal(
                    $"{first}: one admin may not change who counts toward a quorum; change the configured directory, or set DeferredOrleans:Directory:AllowSingleAdminQuorumGroupChanges",
                    Guarded: true);
            }

            if (await directory.SetAsync(next, current.Version))
            {
                next.Version = current.Version + 1;
                store.ApplyDirectory(next);
                return null;
            }

            // Someone else changed it first: take theirs and try again on top.
            if (await directory.GetAsync(current.Version) is { } newer)
            {
                store.ApplyDirectory(newer);
            }
        }

        return new DirectoryRefusal("the directory is being changed concurrently; try again");
    }

    /// <summary>Replaces (or adds) an entry in a list by key.</summary>
    public static void Upsert<T>(List<T> list, T item, Func<T, string> key)
    {
        list.RemoveAll(x => key(x) == key(item));
        list.Add(item);
    }

    /// <summary>Removes an entry by key, from the runtime additions and, by remembering its key, from the configuration.</summary>
    public static string? Remove<T>(List<T> upserted, List<string> removed, string key, Func<T, string> keyOf)
    {
        upserted.RemoveAll(x => keyOf(x) == key);
        if (!removed.Contains(key))
        {
            removed.Add(key);
        }

        return null;
    }

    private static DirectoryChanges Clone(DirectoryChanges changes) =>
        JsonSerializer.Deserialize<DirectoryChanges>(JsonSerializer.SerializeToUtf8Bytes(changes))!;
}
