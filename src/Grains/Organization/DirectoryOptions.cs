namespace DeferredOrleans.Organization;

/// <summary>
/// The directory as configured (section <c>DeferredOrleans:Directory</c>): people, groups, who manages whom, who owns
/// what, and who stands in for whom. The admin API changes it at runtime; those changes are kept durably and laid
/// over this configuration.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryOptions")]
public sealed class DirectoryOptions
{
    public const string Section = "DeferredOrleans:Directory";

    [Id(0)] public List<DirectoryUser> Users { get; set; } = [];

    [Id(1)] public List<DirectoryGroup> Groups { get; set; } = [];

    /// <summary>Resource patterns and their owners; the first matching pattern wins, exact names before patterns.</summary>
    [Id(2)] public List<ResourceOwnership> Resources { get; set; } = [];

    /// <summary>Who approves for whom, when, and for what (e.g. the manager while an IC is on vacation).</summary>
    [Id(3)] public List<Delegation> Delegations { get; set; } = [];
}

/// <summary>A person (signs in with a password) or a machine approver (presents a bearer token).</summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryUser")]
public sealed class DirectoryUser
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public string? Name { get; set; }

    /// <summary>PBKDF2 hash of the password (see <c>hash-secret</c>); people only.</summary>
    [Id(2)] public string? PasswordHash { get; set; }

    /// <summary>Hash of the bearer token of a machine approver (a workflow system); machines only.</summary>
    [Id(3)] public string? TokenHash { get; set; }

    /// <summary>The user's manager (a directory user id), for manager routes and escalation.</summary>
    [Id(4)] public string? Manager { get; set; }

    /// <summary>Roles; <c>admin</c> may use the admin API.</summary>
    [Id(5)] public List<string> Roles { get; set; } = [];

    /// <summary>The external system that decides for this (machine) approver, if any.</summary>
    [Id(6)] public ApproverConnector? Connector { get; set; }

    /// <summary>
    /// PBKDF2 hash of the user's CIBA <c>user_code</c> (a PIN only they know, see <c>hash-secret</c>), required on
    /// backchannel requests of clients registered with <c>BackchannelUserCodeParameter</c>.
    /// </summary>
    [Id(7)] public string? UserCodeHash { get; set; }
}

[GenerateSerializer, Alias("DeferredOrleans.DirectoryGroup")]
public sealed class DirectoryGroup
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public List<string> Members { get; set; } = [];
}

[GenerateSerializer, Alias("DeferredOrleans.ResourceOwnership")]
public sealed class ResourceOwnership
{
    [Id(0)] public string Pattern { get; set; } = "";

    [Id(1)] public string Owner { get; set; } = "";
}

/// <summary>
/// <see cref="From"/> is away: <see cref="To"/> decides in their place between <see cref="Starts"/> and
/// <see cref="Ends"/>, for the resources and scopes listed (all when empty; <c>*</c> wildcards allowed).
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.Delegation")]
public sealed class Delegation
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public string From { get; set; } = "";

    [Id(2)] public string To { get; set; } = "";

    [Id(3)] public DateTimeOffset? Starts { get; set; }

    [Id(4)] public DateTimeOffset? Ends { get; set; }

    [Id(5)] public List<string> Resources { get; set; } = [];

    [Id(6)] public List<string> Scopes { get; set; } = [];
}
