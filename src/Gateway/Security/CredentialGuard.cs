using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using DeferredOrleans.Core.Organization;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// The one way presented credentials are checked, for clients, approvers, sign-in forms and CIBA user codes, so that
/// every path has the same protection against online guessing: a locked account (<see cref="LoginFailures"/>) is
/// refused before any check; a right secret seen before costs one HMAC; anything else counts against the account's
/// rate (refused when over it) and pays PBKDF2 (against a dummy hash for an unknown account), at most <see cref="BruteForceOptions.HashConcurrency"/>
/// at once (<see cref="HashingGate"/>), so a flood of guesses cannot take every core from other requests. Concurrent
/// checks of the same secret against the same hash share one computation, so a client's burst of requests right
/// after a restart costs one PBKDF2, not one each.
/// </summary>
public sealed class CredentialGuard : IDisposable
{
    private const int MaxAccountNameLength = 128;

    private readonly SecretVerifier _verifier;
    private readonly LoginFailures _failures;
    private readonly BruteForceOptions _options;
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly HashingGate _hashing;
    private readonly ConcurrentDictionary<string, Lazy<Task<bool?>>> _inFlight = new(StringComparer.Ordinal);

    public CredentialGuard(SecretVerifier verifier, LoginFailures failures, IOptions<BruteForceOptions> options, TimeProvider time)
    {
        _verifier = verifier;
        _failures = failures;
        _options = options.Value;
        var rate = _options.PerAccount;
        _perAccount = PartitionedRateLimiter.Create<string, string>(account => _options.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(account, _ => TokenBucket(rate))
            : RateLimitPartition.GetNoLimiter(""));
        _hashing = new HashingGate(_options.HashConcurrency, _options.HashQueueLimit, _options.HashQueueTimeout, time);
    }

    /// <summary>The account of a client (its <c>client_id</c>).</summary>
    public static string ClientAccount(string clientId) => Account("client", clientId);

    /// <summary>The account of a directory user signing in with a password.</summary>
    public static string UserAccount(string userId) => Account("user", userId);

    /// <summary>A directory user's CIBA <c>user_code</c>, guessed apart from the password.</summary>
    public static string UserCodeAccount(string userId) => Account("user_code", userId);

    /// <summary>The token bucket a <see cref="TokenBucketOptions"/> describes, refusing at once when empty.</summary>
    public static TokenBucketRateLimiterOptions TokenBucket(TokenBucketOptions rate) => new()
    {
        TokenLimit = Math.Max(1, rate.Burst),
        TokensPerPeriod = Math.Max(1, rate.PerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Whether the account may present credentials now: it is not locked out.</summary>
    public CredentialCheck Admit(string account) =>
        _failures.LockedFor(account) is { } locked ? new CredentialCheck(CredentialVerdict.LockedOut, locked) : CredentialCheck.Valid;

    /// <summary>
    /// Checks a secret presented for an account whose stored hash is <paramref name="storedHash"/>; null when the
    /// account does not exist or has no such secret, which costs the same and is <see cref="CredentialVerdict.Invalid"/>.
    /// </summary>
    public async ValueTask<CredentialCheck> VerifyAsync(string account, string secret, string? storedHash, CancellationToken cancellationToken)
    {
        var admitted = Admit(account);
        if (admitted.IsRefusal)
        {
            return admitted;
        }

        if (_verifier.IsRemembered(secret, storedHash))
        {
            _failures.Succeeded(account);
            return CredentialCheck.Valid;
        }

        // Only checks that cost PBKDF2 count against the account's rate: a client presenting the secret that worked
        // before is never slowed down, however busy it is, while guesses (which always pay PBKDF2) are.
        using (var lease = _perAccount.AttemptAcquire(account))
        {
            if (!lease.IsAcquired)
            {
                return new CredentialCheck(CredentialVerdict.Throttled, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1));
            }
        }

        var key = _verifier.Fingerprint(secret, storedHash ?? "\0" + account);
        var shared = _inFlight.GetOrAdd(key, _ => new Lazy<Task<bool?>>(() => VerifyInSlotAsync(secret, storedHash)));
        bool? verified;
        try
        {
            verified = await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, shared));
        }

        switch (verified)
        {
            case null:
                return new CredentialCheck(CredentialVerdict.Busy, _options.HashQueueTimeout);
            case true:
                _failures.Succeeded(account);
                return CredentialCheck.Valid;
            default:
                _failures.Failed(account);
                return CredentialCheck.Invalid;
        }
    }

    /// <summary>
    /// Records the outcome of a credential that costs no PBKDF2 (a signed client assertion): failures count toward
    /// the account's lockout as wrong secrets do, and a success clears them.
    /// </summary>
    public CredentialCheck Record(string account, bool succeeded)
    {
        if (succeeded)
        {
            _failures.Succeeded(account);
            return CredentialCheck.Valid;
        }

        _failures.Failed(account);
        return CredentialCheck.Invalid;
    }

    /// <summary>A directory user's password (people signing in to the approval API, /authorize and interaction pages).</summary>
    public ValueTask<CredentialCheck> VerifyPasswordAsync(OrganizationDirectory directory, string user, string password, CancellationToken cancellationToken) =>
        VerifyAsync(UserAccount(user), password, directory.FindUser(user)?.PasswordHash, cancellationToken);

    public void Dispose()
    {
        _perAccount.Dispose();
        _hashing.Dispose();
    }

    /// <summary>PBKDF2 in a slot of the gate; null when none came free in time. Never cancelled by one caller, as others may share it.</summary>
    private async Task<bool?> VerifyInSlotAsync(string secret, string? storedHash)
    {
        // Off the caller's thread at once, so that callers sharing this computation never wait on the Lazy's lock.
        await Task.Yield();
        using var slot = await _hashing.EnterAsync(CancellationToken.None);
        return slot is null ? null : _verifier.Verify(secret, storedHash);
    }

    /// <summary>Long names (no real account has one) are keyed by their digest, so they cannot bloat the tables.</summary>
    private static string Account(string kind, string name) =>
        $"{kind}:{(name.Length <= MaxAccountNameLength ? name : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))))}";
}
