using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>
/// The live policy and directory. The policy comes from <c>DeferredOrleans:PolicyFile</c> (reloaded when it changes)
/// or from the configuration's <c>Policy:Rules</c>; the directory is the configured one with the admin API's durable
/// changes laid over it. A change that would not validate is refused, and the last good policy stays in force.
/// </summary>
public sealed partial class PolicyStore
{
    private readonly DirectoryOptions _configuredDirectory;
    private readonly PolicyOptions _configuredPolicy;
    private readonly string? _policyFile;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyStore> _logger;
    private readonly Lock _gate = new();
    private volatile Live _live;

    public PolicyStore(IOptions<DirectoryOptions> directory, IOptions<PolicyOptions> policy, IOptions<PolicyStoreOptions> options, TimeProvider time, ILogger<PolicyStore> logger)
    {
        _configuredDirectory = directory.Value;
        _configuredPolicy = policy.Value;
        _policyFile = options.Value.PolicyFile is { Length: > 0 } file ? Path.GetFullPath(file) : null;
        _time = time;
        _logger = logger;
        var initialDirectory = OrganizationDirectory.From(_configuredDirectory);
        var (initialPolicy, error) = CompilePolicyAgainst(initialDirectory);
        if (initialPolicy is null)
        {
            // At start there is no last good policy to keep: refuse to run.
            throw new ConfigurationProblemException("policy", [error!]);
        }

        _live = new Live(initialPolicy, initialDirectory, new DirectoryChanges(), FileStamp(), time.GetUtcNow(), null);
    }

    public AccessPolicy Policy => _live.Policy;

    public OrganizationDirectory Directory => _live.Directory;

    public DirectoryChanges Changes => _live.Changes;

    public PolicyStatus Status => new(_policyFile ?? "configuration", _live.Policy.RuleCount, _live.PolicyLoadedAt, _live.LastError, _live.Changes.Version);

    /// <summary>Validates directory changes against the current policy; the merged directory, or the problem.</summary>
    public (OrganizationDirectory? Directory, string? Error) Validate(DirectoryChanges changes)
    {
        try
        {
            var directory = OrganizationDirectory.From(changes.ApplyTo(_configuredDirectory));
            var (_, error) = CompilePolicyAgainst(directory);
            return error is null ? (directory, null) : (null, $"the policy would no longer hold: {error}");
        }
        catch (ConfigurationProblemException e)
        {
            return (null, string.Join("; ", e.Problems));
        }
    }

    /// <summary>The directory that <paramref name="changes"/> make of the configured one, without checking it against the policy.</summary>
    public OrganizationDirectory DirectoryOf(DirectoryChanges changes) => OrganizationDirectory.From(changes.ApplyTo(_configuredDirectory));

    /// <summary>Installs directory changes that are now durable (from this gateway's admin API or another gateway's).</summary>
    public void ApplyDirectory(DirectoryChanges changes)
    {
        lock (_gate)
        {
            if (changes.Version <= _live.Changes.Version)
            {
                return;
            }

            var (directory, error) = Validate(changes);
            if (directory is null)
            {
                LogDirectoryRejected(_logger, changes.Version, error!);
                return;
            }

            var (policy, _) = CompilePolicyAgainst(directory);
            _live = _live with { Directory = directory, Policy = policy!, Changes = changes };
        }
    }

    /// <summary>Reloads the policy file if it changed; a bad file is reported and the last good policy kept.</summary>
    public void ReloadIfChanged()
    {
        if (_policyFile is null)
        {
            return;
        }

        lock (_gate)
        {
            var stamp = FileStamp();
            if (stamp == _live.PolicyStamp)
            {
                return;
            }

            var (policy, error) = CompilePolicyAgainst(_live.Directory);
            if (policy is null)
            {
                LogPolicyRejected(_logger, error!);
                _live = _live with { PolicyStamp = stamp, LastError = error };
                return;
            }

            _live = _live with { Policy = policy, PolicyStamp = stamp, PolicyLoadedAt = _time.GetUtcNow(), LastError = null };
            LogPolicyLoaded(_logger, _policyFile, policy.RuleCount);
        }
    }

    private (AccessPolicy? Policy, string? Error) CompilePolicyAgainst(OrganizationDirectory directory)
    {
        if (_policyFile is not null)
        {
            return PolicyFileLoader.Load(_policyFile, directory);
        }

        try
        {
            return (AccessPolicy.Compile(_configuredPolicy, directory), null);
        }
        catch (ConfigurationProblemException e)
        {
            return (null, string.Join("; ", e.Problems));
        }
    }

    private DateTime FileStamp() => _policyFile is not null && File.Exists(_policyFile) ? File.GetLastWriteTimeUtc(_policyFile) : default;

    [LoggerMessage(Level = LogLevel.Error, Message = "Policy change rejected, the last good policy stays in force: {Problem}")]
    private static partial void LogPolicyRejected(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy reloaded from {File}: {Rules} rules")]
    private static partial void LogPolicyLoaded(ILogger logger, string file, int rules);

    [LoggerMessage(Level = LogLevel.Error, Message = "Directory changes version {Version} rejected: {Problem}")]
    private static partial void LogDirectoryRejected(ILogger logger, long version, string problem);

    private sealed record Live(AccessPolicy Policy, OrganizationDirectory Directory, DirectoryChanges Changes, DateTime PolicyStamp, DateTimeOffset PolicyLoadedAt, string? LastError);
}

/// <summary>Where the policy comes from and how often changes are picked up (section <c>DeferredOrleans</c>).</summary>
public sealed class PolicyStoreOptions
{
    /// <summary>A policy file; when set it replaces <c>Policy:Rules</c> and is reloaded when it changes.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>How often the policy file and the directory's runtime changes are checked.</summary>
    public TimeSpan PolicyRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What the admin API reports about the policy in force.</summary>
public sealed record PolicyStatus(string Source, int Rules, DateTimeOffset LoadedAt, string? LastError, long DirectoryVersion);
