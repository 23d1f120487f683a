using DeferredOrleans.Core.AuditLog;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Refresh;
using DeferredOrleans.Core.Telemetry;
using DeferredOrleans.Grains;
using DeferredOrleans.Grains.Audit;
using DeferredOrleans.Grains.Connectors;
using DeferredOrleans.Grains.Deferrals;
using DeferredOrleans.Grains.Notifications;
using DeferredOrleans.Silo.Dashboard;
using DeferredOrleans.Silo.Keys;
using DeferredOrleans.Silo.Storage;
using DeferredOrleans.Silo.Storage.Azure;
using DeferredOrleans.Silo.Storage.Postgres;
using DeferredOrleans.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;

namespace DeferredOrleans.Silo;

/// <summary>What every silo of DeferredOrleans needs, whether co-hosted in the gateway or standalone.</summary>
public static class SiloConfiguration
{
    /// <summary>The Orleans ServiceId: stored state is keyed by it, so it never changes between deployments.</summary>
    public const string ServiceId = "deferred-orleans";

    /// <summary>Grain services, storage and reminders as configured; clustering is the host's business.</summary>
    public static ISiloBuilder AddDeferredOrleans(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<DeferralOptions>().Bind(configuration.GetSection(DeferralOptions.Section));
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<DeferralOptions>>((collection, deferrals) =>
            collection.ClassSpecificCollectionAge[typeof(DeferralGrain).FullName!] = deferrals.Value.IdleDeactivation);
        services.AddOptions<RefreshOptions>().Bind(configuration.GetSection(RefreshOptions.Section));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.Section));
        services.AddSingleton<CallbackSender>();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section))
            .PostConfigure(o => o.LinkBase ??= configuration["DeferredOrleans:Server:Issuer"] ?? "http://localhost:5080");
        services.AddSingleton<INotificationSender, EmailSender>();
        services.AddSingleton<INotificationSender, ChatWebhookSender>();
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section));
        services.AddSingleton<ConnectorHttp>();
        services.AddSingleton<WebhookConnector>();
        services.AddSingleton<ArapConnector>();
        services.AddSingleton<IConnectorProtocol>(sp => sp.GetRequiredService<WebhookConnector>());
        services.AddSingleton<IConnectorProtocol>(sp => sp.GetRequiredService<ArapConnector>());
        services.AddAuditWitnesses(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<DeferralMetrics>();

        // Traces started by the gateway's HTTP requests continue into the grain calls they make.
        silo.AddActivityPropagation();
        if (configuration.GetSection(AdminDashboardOptions.Section).Get<AdminDashboardOptions>() is { Enabled: true })
        {
            silo.AddDashboard();
        }

        // Stored state uses the Orleans serializer: version tolerant through [Id] and rename-safe through [Alias].
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.AddReminders();

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();

        // The key ring grain's secrets are stored encrypted under a key kept apart from grain storage.
        services.AddKeyProtection(configuration, storage);
        return storage.Profile switch
        {
            StorageProfile.Memory => silo.UseMemoryStorage(),
            StorageProfile.AzureStorage => silo.UseAzureStorage(storage),
            StorageProfile.Postgres => silo.UsePostgresStorage(storage),
            _ => silo.UseSqliteStorage(storage),
        };
    }

    /// <summary>The audit options, and a witness for each place checkpoints go: always the log, a file and an endpoint if configured.</summary>
    private static void AddAuditWitnesses(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.Shards is >= 1 and <= 1024, $"{AuditOptions.Section}:Shards is 1 to 1024")
            .Validate(o => o.CheckpointInterval >= TimeSpan.FromMinutes(1), $"{AuditOptions.Section}:CheckpointInterval is at least a minute (a reminder's shortest period)")
            .ValidateOnStart();
        var audit = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        services.AddSingleton<IAuditWitness, LogAuditWitness>();
        if (audit.WitnessFile is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            services.AddSingleton<IAuditWitness>(sp => new FileAuditWitness(path, sp.GetRequiredService<ILogger<FileAuditWitness>>()));
        }

        if (audit.WitnessUrl is { } url)
        {
            services.AddSingleton<IAuditWitness>(_ => new HttpAuditWitness(url, audit.WitnessTimeout));
        }
    }

    private static ISiloBuilder UseSqliteStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        var connectionString = SqliteSchema.ConnectionString(storage.SqlitePath);
        SqliteBusyWait.Install();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInitializer>();
        // One writer for every grain's state: concurrent writes share a commit (SqliteGroupCommit).
        silo.Services.AddSingleton(sp => new SqliteGroupCommit(connectionString, sp.GetRequiredService<ILogger<SqliteGroupCommit>>()));
        foreach (var name in StorageNames.All)
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(
                name, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, connectionString,
                sp.GetRequiredService<SqliteGroupCommit>(), sp.GetRequiredService<IGrainStorageSerializer>()));
        }

        return silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = SqliteSchema.Invariant;
            o.ConnectionString = connectionString;
        });
    }

    private static ISiloBuilder UseMemoryStorage(this ISiloBuilder silo)
    {
        foreach (var name in StorageNames.All)
        {
            silo.AddMemoryGrainStorage(name);
        }

        return silo.UseInMemoryReminderService();
    }
}
