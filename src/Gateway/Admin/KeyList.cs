using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>The signing keys (current first, then next, then retired) and a scheduled promotion of the next key, if any.</summary>
public sealed record KeyList(string Current, DateTimeOffset? PromotionAt, IReadOnlyList<KeyItem> Keys)
{
    public static KeyList From(SigningKeySchedule schedule) => new(
        schedule.Keys.Single(k => k.State == SigningKeyState.Current).KeyId,
        schedule.Pending?.At,
        [.. schedule.Keys.OrderBy(k => k.State switch { SigningKeyState.Current => 0, SigningKeyState.Next => 1, _ => 2 }).ThenByDescending(k => k.CreatedAt).Select(KeyItem.From)]);
}
