using System.Collections.Concurrent;
using System.Text.Json;
using DeferredOrleans.Abstractions.Clients;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// Client registrations as their grains hold them (<see cref="IClientGrain"/>, key: client id), read through a cache
/// that trusts each for <see cref="ClientCacheOptions.Lifetime"/>: a client disabled on any gateway is refused on
/// every gateway within that time. A configured client is seeded into its grain on its first read, so a small setup
/// works unchanged; a registration changed at runtime then wins over the configuration. Unknown client ids are not
/// cached, so guessed ids cannot fill memory, and entries not read again within their lifetime are swept out at most
/// every <see cref="SweepPeriod"/>, so memory follows the clients in use, not all those registered.
/// </summary>
public sealed class ClientStore(ClientRegistry registry, IGrainFactory grains, TimeProvider time, IOptions<ClientCacheOptions> options)
{
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Longer ids are no client's: they are refused without a grain call (and an empty or blank one names no grain).</summary>
    public const int MaxClientIdLength = 512;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private long _lastSweep;

    /// <summary>The registration in force, or null when the client has none.</summary>
    public async ValueTask<ClientRegistration?> FindAsync(string clientId)
    {
        var now = time.GetUtcNow();
        _cache.TryGetValue(clientId, out var cached);
        if (cached is not null && now - cached.ReadAt < options.Value.Lifetime)
        {
            return cached.Client;
        }

        var record = await ReadAsync(clientId);
        return Remember(clientId, record, now);
    }

    /// <summary>
    /// Reads the clients this gateway knows nothing of yet, so that <see cref="ClientRegistry.Find"/> shows their
    /// names and <c>ActsFor</c> (a client registered through another gateway); one grain call per unknown client.
    /// </summary>
    public async Task WarmAsync(IEnumerable<string> clientIds)
    {
        var unknown = clientIds.Distinct(StringComparer.Ordinal).Where(id => registry.Find(id) is null).ToList();
        foreach (var clientId in unknown)
        {
            await FindAsync(clientId);
        }
    }

    /// <summary>The stored record of <paramref name="clientId"/> (seeded first when it is configured), uncached: for changes.</summary>
    public async Task<ClientRecord?> ReadAsync(string clientId)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > MaxClientIdLength)
        {
            return null;
        }

        var grain = grains.GetGrain<IClientGrain>(clientId);
        return registry.Configured.TryGetValue(clientId, out var configured)
            ? await grain.SeedAsync(new ClientRecord(Serialize(configured), ClientOrigin.Configuration))
            : await grain.GetAsync();
    }

    /// <summary>Makes <paramref name="record"/>, just stored by this gateway, the one in force here at once.</summary>
    public ClientRegistration? Remember(string clientId, ClientRecord? record, DateTimeOffset? readAt = null)
    {
        _cache.TryGetValue(clientId, out var cached);

        // An unchanged registration keeps its instance, and with it the verified keys cached for it (ClientKeySets).
        var client = record is null ? null
            : cached?.Client is { } same && cached.Version == record.Version && cached.Registration == record.Registration ? same
            : Deserialize(record.Registration, clientId);
        if (record is null)
        {
            _cache.TryRemove(clientId, out _);
        }
        else
        {
            _cache[clientId] = new Entry(client, record.Version, record.Registration, readAt ?? time.GetUtcNow());
        }

        registry.Remember(clientId, client);
        SweepIfDue(readAt ?? time.GetUtcNow());
        return client;
    }

    /// <summary>How many registrations this gateway holds now.</summary>
    public int Count => _cache.Count;

    private void SweepIfDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < SweepPeriod.Ticks || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (clientId, entry) in _cache)
        {
            if (now - entry.ReadAt >= options.Value.Lifetime && _cache.TryRemove(KeyValuePair.Create(clientId, entry)))
            {
                registry.Remember(clientId, null);
            }
        }
    }

    /// <summary>The registration as its grain stores it.</summary>
    public static string Serialize(ClientRegistration client) => JsonSerializer.Serialize(client, JsonOptions);

    public static ClientRegistration Deserialize(string registration, string clientId)
    {
        var client = JsonSerializer.Deserialize<ClientRegistration>(registration, JsonOptions) ?? new ClientRegistration();
        client.ClientId = clientId;
        return client;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private sealed record Entry(ClientRegistration? Client, long Version, string Registration, DateTimeOffset ReadAt);
}
