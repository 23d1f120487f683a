namespace DeferredOrleans.Organization;

/// <summary>The directory as configured (section <c>DeferredOrleans:Directory</c>): people, groups and who owns what.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "DeferredOrleans:Directory";

    public List<DirectoryUser> Users { get; set; } = [];

    public List<DirectoryGroup> Groups { get; set; } = [];

    /// <summary>Resource patterns and their owners; the first matching pattern wins, exact names before patterns.</summary>
    public List<ResourceOwnership> Resources { get; set; } = [];
}

/// <summary>A person (signs in with a password) or a machine approver (presents a bearer token).</summary>
public sealed class DirectoryUser
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>PBKDF2 hash of the password (see <c>hash-secret</c>); people only.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Hash of the bearer token of a machine approver (a workflow system); machines only.</summary>
    public string? TokenHash { get; set; }
}

public sealed class DirectoryGroup
{
    public string Id { get; set; } = "";

    public List<string> Members { get; set; } = [];
}

public sealed class ResourceOwnership
{
    public string Pattern { get; set; } = "";

    public string Owner { get; set; } = "";
}
