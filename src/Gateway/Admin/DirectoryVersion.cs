namespace DeferredOrleans.Gateway.Admin;

/// <summary>The directory's version after a change.</summary>
public sealed record DirectoryVersion(long Version);
