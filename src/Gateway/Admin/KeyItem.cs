using System.Text.Json;
using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>A signing key as admins see it: id, state and times, never its material.</summary>
public sealed record KeyItem(string Kid, string State, DateTimeOffset Created, DateTimeOffset? Activated, DateTimeOffset? Retired, DateTimeOffset? RetiresAt)
{
    public static KeyItem From(SigningKeyInfo key) =>
        new(key.KeyId, Name(key.State), key.CreatedAt, key.ActivatedAt, key.RetiredAt, key.RetiresAt);

    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
