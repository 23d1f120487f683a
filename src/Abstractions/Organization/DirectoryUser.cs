namespace DeferredOrleans.Abstractions.Organization;

/// <summary>A person (signs in with a password) or a machine approver (presents a bearer token).</summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryUser")]
public sealed class DirectoryUser
{
    /// <summary>The user id that routes, decisions and tokens refer to.</summary>
    [Id(0)] public string Id { get; set; } = "";

    /// <summary>The display name.</summary>
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
