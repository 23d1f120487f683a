namespace DeferredOrleans.Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard (section <c>DeferredOrleans:Dashboard</c>). Off by default: it has no authentication of its
/// own, so expose its path only on an admin network. Every silo and the gateway that serves it must enable it.
/// </summary>
public sealed class AdminDashboardOptions
{
    public const string Section = "DeferredOrleans:Dashboard";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/admin/dashboard";
}
