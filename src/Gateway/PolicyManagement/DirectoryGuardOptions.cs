namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>The admin API's guard on quorum groups (section <c>DeferredOrleans:Directory</c>, beside the directory itself).</summary>
public sealed class DirectoryGuardOptions
{
    public const string Section = "DeferredOrleans:Directory";

    /// <summary>
    /// Whether one admin may change, through the admin API, who counts toward a quorum (default false): the members
    /// of a group a K-of-N rule routes or escalates to, and those people's credentials, connector or manager.
    /// </summary>
    public bool AllowSingleAdminQuorumGroupChanges { get; set; }
}
