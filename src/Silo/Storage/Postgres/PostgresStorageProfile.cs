using DeferredOrleans.Grains;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace DeferredOrleans.Silo.Storage.Postgres;

/// <summary>
/// The PostgreSQL profile: grain state and reminders in one PostgreSQL database through the Orleans ADO.NET providers
/// (Npgsql), with the Orleans table layout. Each write is its own transaction, committed before the grain goes on.
/// </summary>
public static class PostgresStorageProfile
{
    public static ISiloBuilder UsePostgresStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        var connectionString = PostgresSchema.ConnectionString(storage);
        silo.Services.AddPostgresSchema();
        foreach (var name in StorageNames.All)
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = connectionString;
            });
        }

        return silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>The schema is applied once at silo start, whether storage, clustering or both asked for it.</summary>
    public static IServiceCollection AddPostgresSchema(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>());
        return services.AddNpgsqlExceptionSerialization();
    }

    /// <summary>
    /// Lets Npgsql's exceptions travel in grain call responses, as Azure's and the framework's do by default. A failed
    /// write reaches the caller as an OrleansException around the NpgsqlException; without this, the silo cannot
    /// serialize that answer and the gateway sees a serializer error instead of a storage outage (503 becomes 500).
    /// Silos and client gateways both need it: one writes the exception, the other reads it.
    /// </summary>
    public static IServiceCollection AddNpgsqlExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
