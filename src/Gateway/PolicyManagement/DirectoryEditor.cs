using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>
/// Changes the directory at runtime: the change is validated against the whole directory and the policy, stored
/// durably (optimistic concurrency, retried on a conflict), then installed; other gateways pick it up on refresh.
/// </summary>
public sealed class DirectoryEditor(PolicyStore store, IGrainFactory grains)
{
    private const int Attempts = 3;

    /// <summary>Applies <paramref name="change"/> (which returns a problem, or null); the problem that stopped it, or null.</summary>
    public async Task<string?> ChangeAsync(Func<DirectoryChanges, string?> change)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(GrainKeys.Directory);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = store.Changes;
            var next = Clone(current);
            if (change(next) is { } problem)
            {
                return problem;
            }

            var (_, error) = store.Validate(next);
            error ??= DirectoryCredentials.Problems(next.Upserted.Users).FirstOrDefault();
            if (error is not null)
            {
                return error;
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

        return "the directory is being changed concurrently; try again";
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
