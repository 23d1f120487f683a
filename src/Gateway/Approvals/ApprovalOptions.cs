namespace DeferredOrleans.Gateway.Approvals;

/// <summary>Approval API settings (section <c>DeferredOrleans:Approvals</c>).</summary>
public sealed class ApprovalOptions
{
    public const string Section = "DeferredOrleans:Approvals";

    /// <summary>The longest a standing decision may last.</summary>
    public int MaxStandingHours { get; set; } = 24;

    /// <summary>The most decisions one bulk call may carry.</summary>
    public int MaxBulk { get; set; } = 200;
}
