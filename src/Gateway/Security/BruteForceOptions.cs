namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Protection against online guessing (section <c>DeferredOrleans:BruteForce</c>): request rates per client address
/// and per account, a lockout with growing waits after repeated failures (modelled on Keycloak's brute force
/// detection), and a bound on concurrent PBKDF2 work. All of it is kept in the memory of each gateway.
/// </summary>
public sealed class BruteForceOptions
{
    public const string Section = "DeferredOrleans:BruteForce";

    /// <summary>Off turns off the rate limits and the lockout; the PBKDF2 bound and equal cost for unknown accounts stay.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests to the endpoints that take credentials, per client address (an IPv6 client by its /64).</summary>
    public TokenBucketOptions PerIp { get; set; } = new() { Burst = 2000, PerSecond = 1000 };

    /// <summary>Requests that present credentials, per account (a client_id, a directory user, a user's user_code).</summary>
    public TokenBucketOptions PerAccount { get; set; } = new() { Burst = 100, PerSecond = 10 };

    /// <summary>Failed attempts on one account that lock it (Keycloak's "failure factor"); every further such number locks it again.</summary>
    public int MaxLoginFailures { get; set; } = 10;

    /// <summary>The first lockout's wait; the k-th lockout waits k times this.</summary>
    public TimeSpan WaitIncrement { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a lockout lasts.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this long without a failure, an account's failures are forgotten.</summary>
    public TimeSpan FailureResetTime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>PBKDF2 computations at once; 0 means half the processors, at least one, so other requests keep a core.</summary>
    public int MaxConcurrentHashes { get; set; }

    /// <summary>Verifications that may wait for a PBKDF2 slot; beyond this they are refused at once (503).</summary>
    public int HashQueueLimit { get; set; } = 64;

    /// <summary>The longest a verification waits for a PBKDF2 slot before it is refused (503).</summary>
    public TimeSpan HashQueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int HashConcurrency => MaxConcurrentHashes > 0 ? MaxConcurrentHashes : Math.Max(1, Environment.ProcessorCount / 2);
}
