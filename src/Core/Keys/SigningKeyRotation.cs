using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Core.Keys;

/// <summary>
/// The life of the signing keys, as pure functions of the schedule and the time: there is always one current key
/// that signs and one next key published ahead of it; a rotation promotes the next key once it has been published
/// for the publication delay (verifiers and key set caches know it by then), retires the current one, and publishes
/// a new next key. A retired key stays published until the last token it signed has expired.
/// </summary>
public static class SigningKeyRotation
{
    /// <summary>
    /// What is due at <paramref name="now"/>: the first current and next keys of an empty (or migrated) ring, a
    /// scheduled promotion, the removal of retired keys whose tokens have all expired.
    /// </summary>
    /// <param name="newKey">Creates a key and returns its id.</param>
    public static SigningKeySchedule Advance(SigningKeySchedule schedule, DateTimeOffset now, Func<string> newKey)
    {
        var keys = schedule.Keys;
        if (!keys.Any(k => k.State == SigningKeyState.Current))
        {
            // The first key signs at once: no verifier can hold an older key set that lacks it.
            keys = keys.Add(new SigningKeyInfo(newKey(), SigningKeyState.Current, now, ActivatedAt: now));
        }

        if (!keys.Any(k => k.State == SigningKeyState.Next))
        {
            keys = keys.Add(new SigningKeyInfo(newKey(), SigningKeyState.Next, now));
        }

        var advanced = schedule with { Keys = keys };
        if (advanced.Pending is { } pending && pending.At <= now)
        {
            advanced = Promote(advanced, now, pending.RetiredKeyLifetime, newKey);
        }

        return advanced with { Keys = advanced.Keys.RemoveAll(k => k.State == SigningKeyState.Retired && k.RetiresAt <= now) };
    }

    /// <summary>A rotation asked for at <paramref name="now"/>, after <see cref="Advance"/>.</summary>
    public static (KeyRotationOutcome Outcome, SigningKeySchedule Schedule) Rotate(SigningKeySchedule schedule, KeyRotationRequest request, DateTimeOffset now, Func<string> newKey)
    {
        var advanced = Advance(schedule, now, newKey);
        if (request.IfCurrent is { } expected && Current(advanced).KeyId != expected)
        {
            return (KeyRotationOutcome.Unchanged, advanced);
        }

        if (advanced.Pending is not null)
        {
            return (KeyRotationOutcome.Scheduled, advanced);
        }

        // The next key signs only once every key set cache has had time to learn it (RFC 7517 §5: verifiers pick
        // the key by kid; a cached set without it would fail the new tokens).
        var publishedAt = advanced.Keys.Single(k => k.State == SigningKeyState.Next).CreatedAt;
        if (publishedAt + request.PublicationDelay > now)
        {
            return (KeyRotationOutcome.Scheduled, advanced with { Pending = new PendingPromotion(publishedAt + request.PublicationDelay, request.RetiredKeyLifetime) });
        }

        return (KeyRotationOutcome.Rotated, Promote(advanced, now, request.RetiredKeyLifetime, newKey));
    }

    public static SigningKeyInfo Current(SigningKeySchedule schedule) => schedule.Keys.Single(k => k.State == SigningKeyState.Current);

    private static SigningKeySchedule Promote(SigningKeySchedule schedule, DateTimeOffset now, TimeSpan retiredKeyLifetime, Func<string> newKey)
    {
        var keys = schedule.Keys.Select(k => k.State switch
        {
            SigningKeyState.Current => k with { State = SigningKeyState.Retired, RetiredAt = now, RetiresAt = now + retiredKeyLifetime },
            SigningKeyState.Next => k with { State = SigningKeyState.Current, ActivatedAt = now },
            _ => k,
        }).ToImmutableArray();
        return new SigningKeySchedule(keys.Add(new SigningKeyInfo(newKey(), SigningKeyState.Next, now)));
    }
}
