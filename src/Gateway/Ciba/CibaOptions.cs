namespace DeferredOrleans.Gateway.Ciba;

/// <summary>CIBA settings (section <c>DeferredOrleans:Ciba</c>).</summary>
public sealed class CibaOptions
{
    public const string Section = "DeferredOrleans:Ciba";

    /// <summary><c>expires_in</c> when the client sends no <c>requested_expiry</c>.</summary>
    public int DefaultExpiresIn { get; set; } = 300;

    /// <summary>The longest <c>requested_expiry</c> honoured.</summary>
    public int MaxExpiresIn { get; set; } = 3600;

    /// <summary>Polling interval; CIBA §7.3 makes 5 the default.</summary>
    public int Interval { get; set; } = 5;

    /// <summary>How long the user's approval stays valid for collection.</summary>
    public int ApprovalLifetime { get; set; } = 600;
}
