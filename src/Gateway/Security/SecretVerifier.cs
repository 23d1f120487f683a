using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Verifies secrets against stored hashes, remembering a successful verification so that a client polling every
/// few seconds does not pay for PBKDF2 each time. What is remembered is an HMAC of the secret under a key that
/// exists only in this process's memory, compared in constant time.
/// </summary>
public sealed class SecretVerifier
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    public bool Verify(string secret, string storedHash)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(secret));
        if (_verified.TryGetValue(storedHash, out var known))
        {
            return CryptographicOperations.FixedTimeEquals(mac, known);
        }

        if (!SecretHasher.Verify(secret, storedHash))
        {
            return false;
        }

        _verified[storedHash] = mac;
        return true;
    }
}
