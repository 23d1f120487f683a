namespace DeferredOrleans.Gateway.Api;

/// <summary>The approvers' browser sessions (section <c>DeferredOrleans:Sessions</c>).</summary>
public sealed class ApproverSessionOptions
{
    public const string Section = "DeferredOrleans:Sessions";

    /// <summary>A session ends after this long without a request from its approver (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);
}
