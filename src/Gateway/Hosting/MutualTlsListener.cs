using DeferredOrleans.Gateway.Clients;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// With <c>DeferredOrleans:MutualTls:Enabled</c>, Kestrel's HTTPS endpoints ask TLS clients for a certificate in the
/// handshake (RFC 8705 §2). Any certificate, or none, is accepted there: which one authenticates which client is decided
/// per request by <see cref="ClientCertificates"/>, so that self-signed certificates (§2.2) and clients without one
/// still connect.
/// </summary>
public static class MutualTlsListener
{
    public static IWebHostBuilder AskForClientCertificates(this IWebHostBuilder web) =>
        web.ConfigureKestrel((context, kestrel) =>
        {
            if (context.Configuration.GetValue<bool>($"{MutualTlsOptions.Section}:{nameof(MutualTlsOptions.Enabled)}"))
            {
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            }
        });
}
