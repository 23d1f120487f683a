using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Ciba;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Connectors;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.Grants;
using DeferredOrleans.Gateway.Inbox;
using DeferredOrleans.Gateway.Jose;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Registration;
using DeferredOrleans.Gateway.Risk;
using DeferredOrleans.Gateway.Security;
using DeferredOrleans.Gateway.Token;
using DeferredOrleans.Gateway.Trust;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>The gateway's services: OAuth wire format, client and approver authentication, grants, tokens.</summary>
public static class GatewayServices
{
    public const string ClientsSection = "DeferredOrleans:Clients";

    public static IServiceCollection AddDeferredOrleansGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section));
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section));
        services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.Section));
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.Section));
        services.Configure<FormOptions>(OAuthRequestReader.Limit);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<PolicyStoreOptions>().Bind(configuration.GetSection("DeferredOrleans"));
        services.AddSingleton<PolicyStore>();
        services.AddHostedService<PolicyRefresher>();

        // Request handlers get the directory in force at that moment; long-lived services ask the store each time.
        services.AddTransient(sp => sp.GetRequiredService<PolicyStore>().Directory);
        services.AddSingleton(sp => new ClientRegistry(
            ReadClients(configuration),
            sp.GetRequiredService<PolicyStore>().Directory,
            sp.GetRequiredService<IOptions<CallbackOptions>>().Value));

        services.AddOptions<ClientCacheOptions>().Bind(configuration.GetSection(ClientCacheOptions.Section));
        services.AddOptions<RegistrationOptions>().Bind(configuration.GetSection(RegistrationOptions.Section));
        services.AddSingleton<ClientStore>();
        services.AddSingleton<ClientRegistrar>();

        services.AddSingleton(new TrustedIssuers(configuration.GetSection(TrustedIssuerOptions.Section).Get<List<TrustedIssuerOptions>>() ?? []));
        services.AddSingleton<InboundTokens>();
        services.AddOptions<BruteForceOptions>().Bind(configuration.GetSection(BruteForceOptions.Section));
        services.AddSingleton<SecretVerifier>();
        services.AddSingleton<LoginFailures>();
        services.AddSingleton<CredentialGuard>();
        services.AddRequestRateLimits();
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<ClientAssertions>();
        services.AddOptions<MutualTlsOptions>().Bind(configuration.GetSection(MutualTlsOptions.Section));
        services.AddSingleton<ClientCertificates>();
        services.AddSingleton<ClientKeySets>();
        services.AddSingleton<ApproverAuthenticator>();
        services.AddApproverAccess();
        services.AddOptions<DirectoryGuardOptions>().Bind(configuration.GetSection(DirectoryGuardOptions.Section));
        services.AddApproverSessions(configuration);
        services.AddApproverInbox(configuration);
        services.AddSingleton<DirectoryEditor>();
        services.AddOptions<ApprovalOptions>().Bind(configuration.GetSection(ApprovalOptions.Section));
        services.AddOptions<SigningKeyOptions>().Bind(configuration.GetSection(SigningKeyOptions.Section));
        services.AddSingleton<ServerKeys>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccessTokenReader>();
        services.AddSingleton<IdTokenIssuer>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<ReauthorizationPlanner>();
        services.AddSingleton<TokenSets>();
        services.AddSingleton<IdTokenHints>();
        services.AddOptions<CibaOptions>().Bind(configuration.GetSection(CibaOptions.Section));
        services.AddSingleton<DpopProofValidator>();
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section));
        services.AddOptions<PdpOptions>().Bind(configuration.GetSection(PdpOptions.Section));
        services.AddSingleton<ConnectorCredentials>();
        services.AddSingleton<ConnectorBindings>();
        services.AddSingleton<PdpClient>();
        services.AddSingleton<PdpGate>();
        services.AddOptions<RiskOptions>().Bind(configuration.GetSection(RiskOptions.Section));
        services.AddSingleton<RiskAssertions>();
        services.AddSingleton<GrantAdmission>();
        services.AddSingleton<DeferralStarter>();
        services.AddSingleton<StandingApprovals>();
        services.AddSingleton<DeferralPoller>();
        services.AddSingleton<GrantHandlers>();

        services.AddGrant<ClientCredentialsGrant>(deferrable: true);
        services.AddGrant<TokenExchangeGrant>(deferrable: true);
        services.AddGrant<JwtBearerGrant>(deferrable: true);
        services.AddGrant<AuthorizationCodeGrant>(deferrable: true);
        services.AddGrant<RefreshTokenGrant>(deferrable: true);
        services.AddGrant<CibaGrant>(deferrable: false);
        services.AddSingleton<IDeferrableGrant, CibaCompletion>();
        services.AddSingleton<IDeferrableGrant, ReauthorizationCompletion>();
        services.AddGrant<DeferredGrant>(deferrable: false);
        services.AddGrant<OpenIdDeferredGrant>(deferrable: false);
        return services;
    }

    /// <summary>The registered clients as configured; every list holds exactly what the configuration lists.</summary>
    public static List<ClientRegistration> ReadClients(IConfiguration configuration) =>
        configuration.GetSection(ClientsSection).Get<List<ClientRegistration>>() ?? [];

    /// <summary>Builds every configuration-derived service now, so bad configuration stops the server at start.</summary>
    public static void ValidateDeferredOrleansConfiguration(this IServiceProvider services)
    {
        services.GetRequiredService<PolicyStore>();
        var clients = services.GetRequiredService<ClientRegistry>();
        if (services.GetRequiredService<ClientCertificates>().Problems(clients.Configured.Values).ToList() is { Count: > 0 } mutualTls)
        {
            throw new ConfigurationProblemException("clients", mutualTls);
        }

        // The co-hosted silo's settings, checked here so that the start stops with one line rather than Orleans' abort.
        if (services.GetService<IOptions<DeferralOptions>>()?.Value.Problems().ToList() is { Count: > 0 } deferrals)
        {
            throw new ConfigurationProblemException("deferrals", deferrals);
        }

        services.GetRequiredService<ApproverAuthenticator>();
        services.GetRequiredService<ConnectorCredentials>();
        services.GetRequiredService<RiskAssertions>();
        if (services.GetRequiredService<IOptions<RegistrationOptions>>().Value.Problems().ToList() is { Count: > 0 } registration)
        {
            throw new ConfigurationProblemException("registration", registration);
        }

        if (services.GetRequiredService<IOptions<SigningKeyOptions>>().Value.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new ConfigurationProblemException("key", problems);
        }
    }

    private static void AddGrant<T>(this IServiceCollection services, bool deferrable)
        where T : class, ITokenGrantHandler
    {
        services.AddSingleton<T>();
        services.AddSingleton<ITokenGrantHandler>(sp => sp.GetRequiredService<T>());
        if (deferrable)
        {
            services.AddSingleton(sp => (IDeferrableGrant)sp.GetRequiredService<T>());
        }
    }
}
