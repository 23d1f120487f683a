using DeferredOrleans.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The conformance configuration with an SMTP server (a real one, on loopback) and the authorization code client
/// "web" and the CIBA client "ciba" opted in to telling the subject when a deferral is decided.
/// </summary>
public sealed class SubjectNotificationGatewayFactory : GatewayFactory
{
    private static readonly int WebClientIndex = ClientIndex("web");
    private static readonly int CibaClientIndex = ClientIndex("ciba");

    public SmtpServer Smtp { get; } = new();

    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        base.UseServerConfiguration(builder);
        builder.UseSetting($"DeferredOrleans:Clients:{WebClientIndex}:NotifySubjectOfDecision", "true");
        builder.UseSetting($"DeferredOrleans:Clients:{CibaClientIndex}:NotifySubjectOfDecision", "true");
        builder.UseSetting("DeferredOrleans:Notifications:Smtp:Host", "127.0.0.1");
        builder.UseSetting("DeferredOrleans:Notifications:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DeferredOrleans:Notifications:Smtp:Security", "None");
        builder.UseSetting("DeferredOrleans:Notifications:Smtp:From", "Approvals <approvals@as.example>");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Smtp.Dispose();
    }
}
