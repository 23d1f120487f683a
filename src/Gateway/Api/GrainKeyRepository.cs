using System.Xml.Linq;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// Data Protection's key ring in grain storage (<see cref="ISessionKeysGrain"/>) instead of a per-machine folder, so a
/// session cookie or an anti-forgery token issued by one gateway is read by every other gateway of the cluster and
/// survives a restart. Data Protection reads the ring rarely (at first use, then about once a day) and caches it.
/// </summary>
public sealed class GrainKeyRepository(IGrainFactory grains) : IXmlRepository
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // IXmlRepository is synchronous; its calls are rare and never on a grain's scheduler, so blocking here is safe.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. Keys.GetAllAsync().WaitAsync(Timeout).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        Keys.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).WaitAsync(Timeout).GetAwaiter().GetResult();

    private ISessionKeysGrain Keys => grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys);

    /// <summary>Data Protection with its key ring in grain storage, under one application name for every gateway.</summary>
    public static IServiceCollection AddGrainKeyRing(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("DeferredOrleans.Gateway");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new GrainKeyRepository(sp.GetRequiredService<IGrainFactory>())));
        return services;
    }
}
