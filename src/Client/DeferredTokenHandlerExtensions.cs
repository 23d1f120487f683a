using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Client;

/// <summary>Registration of <see cref="DeferredTokenHandler"/> on an <c>IHttpClientFactory</c> client.</summary>
public static class DeferredTokenHandlerExtensions
{
    /// <summary>The named client the handlers use for metadata and authorization servers.</summary>
    public const string BackchannelClientName = "DeferredOrleans.Client.Backchannel";

    /// <summary>
    /// Adds the handler to this client: challenges from resource servers are answered with tokens from the trusted
    /// authorization servers, cached per resource and scope, and the request is retried once. A request may wait
    /// as long as the deferral's <c>expires_in</c>: give the client an <see cref="HttpClient.Timeout"/> that allows it.
    /// </summary>
    public static IHttpClientBuilder AddDeferredTokenHandler(this IHttpClientBuilder builder, Action<DeferredTokenHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(builder.Name, configure);
        builder.Services.TryAddSingleton<DeferredTokenCache>();
        builder.Services.AddHttpClient(BackchannelClientName);
        return builder.AddHttpMessageHandler(services => new DeferredTokenHandler(
            builder.Name,
            services.GetRequiredService<IOptionsMonitor<DeferredTokenHandlerOptions>>().Get(builder.Name),
            services.GetRequiredService<IHttpClientFactory>().CreateClient(BackchannelClientName),
            services.GetRequiredService<DeferredTokenCache>(),
            services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false,
            services.GetService<TimeProvider>(),
            services.GetService<ILogger<DeferredTokenHandler>>()));
    }
}
