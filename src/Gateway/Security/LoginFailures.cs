using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Failed attempts per account and the lockouts they earn (<see cref="AccountFailures"/>), in this gateway's memory.
/// Accounts are tracked by the name presented, whether or not it exists, so a lockout tells nothing about existence.
/// </summary>
public sealed partial class LoginFailures(IOptions<BruteForceOptions> options, TimeProvider time, ILogger<LoginFailures> logger)
{
    /// <summary>Beyond this many tracked accounts, spent entries are dropped, then unlocked ones.</summary>
    internal const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<string, AccountFailures> _accounts = new(StringComparer.Ordinal);

    /// <summary>How long the account stays locked, or null when it is not (or the protection is off).</summary>
    public TimeSpan? LockedFor(string account) =>
        options.Value.Enabled && _accounts.TryGetValue(account, out var entry) ? entry.LockedFor(time.GetUtcNow()) : null;

    public void Failed(string account)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_accounts.Count >= MaxTracked && !_accounts.ContainsKey(account))
        {
            Prune(now, settings);
        }

        var entry = _accounts.AddOrUpdate(account, _ => AccountFailures.AfterFailure(null, now, settings), (_, previous) => AccountFailures.AfterFailure(previous, now, settings));
        if (AccountFailures.Wait(entry.Failures, settings) is var wait && wait > TimeSpan.Zero)
        {
            LogLocked(logger, account, entry.Failures, wait);
        }
    }

    /// <summary>A successful sign-in forgets the account's failures.</summary>
    public void Succeeded(string account) => _accounts.TryRemove(account, out _);

    private void Prune(DateTimeOffset now, BruteForceOptions settings)
    {
        foreach (var (account, entry) in _accounts)
        {
            if (entry.IsSpent(now, settings))
            {
                _accounts.TryRemove(account, out _);
            }
        }

        if (_accounts.Count >= MaxTracked)
        {
            foreach (var (account, entry) in _accounts)
            {
                if (entry.LockedFor(now) is null)
                {
                    _accounts.TryRemove(account, out _);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account} locked for {Wait} after {Failures} failed attempts")]
    private static partial void LogLocked(ILogger logger, string account, int failures, TimeSpan wait);
}
