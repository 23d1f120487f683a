namespace DeferredOrleans.Core.Refresh;

/// <summary>Silo-side settings of refresh token families (section <c>DeferredOrleans:Refresh</c>).</summary>
public sealed class RefreshOptions
{
    public const string Section = "DeferredOrleans:Refresh";

    /// <summary>The longest a family's re-authorization reminder sleeps before it checks the clock again.</summary>
    public TimeSpan ReauthorizationCheckPeriod { get; set; } = TimeSpan.FromHours(1);
}
