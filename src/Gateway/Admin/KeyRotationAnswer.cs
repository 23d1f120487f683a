using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>What <c>POST /admin/keys/rotate</c> did (<c>rotated</c> or <c>scheduled</c>), and the keys after it.</summary>
public sealed record KeyRotationAnswer(string Outcome, string Current, DateTimeOffset? PromotionAt, IReadOnlyList<KeyItem> Keys)
{
    public static KeyRotationAnswer From(KeyRotationResult result)
    {
        var list = KeyList.From(result.Schedule);
        return new(KeyItem.Name(result.Outcome), list.Current, list.PromotionAt, list.Keys);
    }
}
