namespace DeferredOrleans.Core.Notifications;

/// <summary>How the SMTP connection is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (RFC 3207); port 587.</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (RFC 8314 implicit TLS); port 465.</summary>
    SslOnConnect = 1,

    /// <summary>STARTTLS when the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable = 2,

    /// <summary>No TLS: a relay on this host or a development server only.</summary>
    None = 3,
}
