namespace DeferredOrleans.Core.Notifications;

/// <summary>The SMTP server of the email channel (section <c>DeferredOrleans:Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server; the email channel stays inactive until it is set.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name for SMTP AUTH, or null to send without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>The environment variable that holds the SMTP password (never the password itself).</summary>
    public string? PasswordEnv { get; set; }

    /// <summary>The From address (<c>Name &lt;address&gt;</c> or an address); its domain ends every Message-ID.</summary>
    public string From { get; set; } = "DeferredOrleans <approvals@localhost>";
}
