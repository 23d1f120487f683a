using DeferredOrleans.Gateway.PolicyManagement;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>The policy in force: where it came from, its size, when it was loaded, and the last reload's problem.</summary>
public sealed record PolicyStatusDocument(string Source, int Rules, DateTime LoadedAt, string? LastError, long DirectoryVersion)
{
    public static PolicyStatusDocument From(PolicyStatus status) =>
        new(status.Source, status.Rules, status.LoadedAt.UtcDateTime, status.LastError, status.DirectoryVersion);
}
