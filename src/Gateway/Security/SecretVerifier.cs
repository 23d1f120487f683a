using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Verifies secrets against stored hashes. A successful verification is remembered, so that a client polling every
/// few seconds does not pay PBKDF2 each time. What is remembered is an HMAC, under a key that exists only in this
/// process's memory, of the stored hash together with the secret that matched it: only a right secret is ever found
/// there, and a wrong guess always pays the full PBKDF2, whether or not the account signed in before. An account that
/// does not exist, or has no secret of this kind, is verified against a dummy hash of the same cost
/// (<see cref="SecretHasher.DefaultIterations"/>), so the time of an answer does not tell whether the account exists.
/// </summary>
public sealed class SecretVerifier
{
    /// <summary>Beyond this many remembered verifications the memory is cleared (and refilled by the next successes).</summary>
    private const int MaxRemembered = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, bool> _remembered = new(StringComparer.Ordinal);
    private readonly string _dummy = SecretHasher.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private long _derivations;

    /// <summary>How many PBKDF2 derivations this verifier has run: the seam through which tests compare the work of answers.</summary>
    public long Derivations => Interlocked.Read(ref _derivations);

    /// <summary>Whether this very secret was verified against this hash before; cheap (one HMAC), and never true for a wrong secret.</summary>
    public bool IsRemembered(string secret, string? storedHash) => storedHash is not null && _remembered.ContainsKey(Fingerprint(secret, storedHash));

    /// <summary>Whether <paramref name="secret"/> matches <paramref name="storedHash"/>; a null hash (no such account) never matches, at full cost.</summary>
    public bool Verify(string secret, string? storedHash)
    {
        if (storedHash is null)
        {
            Derive(secret, _dummy);
            return false;
        }

        var fingerprint = Fingerprint(secret, storedHash);
        if (_remembered.ContainsKey(fingerprint))
        {
            return true;
        }

        if (!Derive(secret, storedHash))
        {
            return false;
        }

        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
        }

        _remembered[fingerprint] = true;
        return true;
    }

    /// <summary>An HMAC of the hash and the secret together, under this process's key: what is remembered.</summary>
    public string Fingerprint(string secret, string storedHash)
    {
        var hash = Encoding.UTF8.GetBytes(storedHash);
        var presented = Encoding.UTF8.GetBytes(secret);
        var message = new byte[hash.Length + 1 + presented.Length];
        hash.CopyTo(message, 0);
        presented.CopyTo(message, hash.Length + 1);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, message));
    }

    private bool Derive(string secret, string storedHash)
    {
        if (SecretHasher.IsPasswordHash(storedHash))
        {
            Interlocked.Increment(ref _derivations);
        }

        return SecretHasher.Verify(secret, storedHash);
    }
}
