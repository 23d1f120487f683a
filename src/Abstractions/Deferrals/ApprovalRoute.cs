namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>How a requirement's approvers were chosen.</summary>
public enum ApprovalRoute
{
    /// <summary>The owner of the requested resource, looked up in the directory.</summary>
    ResourceOwner = 0,

    /// <summary>Approvers named in the policy rule.</summary>
    NamedApprovers = 1,

    /// <summary>Members of a directory group.</summary>
    Group = 2,

    /// <summary>The active delegate of the resource's owner (the owner is away).</summary>
    Delegate = 3,

    /// <summary>The manager of the subject, from the directory.</summary>
    Manager = 4,

    /// <summary>An external workflow engine asked through AuthZEN (a requestable denial of the PDP).</summary>
    Workflow = 5,

    /// <summary>
    /// The subject of a CIBA request, the hinted user, consenting to the request about them (CIBA Core §7.1); the
    /// one route on which the subject decides even when the rule forbids self-approval.
    /// </summary>
    Subject = 6,
}
