using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Clients managed at runtime through the admin API (create, read, update, disable, enable, rotate the secret,
/// delete), audited; a change made on another gateway is in force here within the cache lifetime; the configuration
/// seeds clients but does not undo an admin's change.
/// </summary>
[Collection(RegistrationCollection.Name)]
public sealed class ClientAdminTests(RegistrationGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    private Task<Reply> AdminAsync(HttpMethod method, string path, string? body = null) =>
        _client.SendAsync(method, path, OAuthTestClient.Basic(RegistrationGatewayFactory.Admin, OAuthTestClient.SecretOf(RegistrationGatewayFactory.Admin)), body is null ? null : OAuthTestClient.Json(body));

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_AndTheClientGetsTokens()
    {
        var created = await AdminAsync(HttpMethod.Post, "/admin/clients", """{"client_id":"billing-agent","client_name":"Billing","grant_types":["client_credentials"],"scope":"read","acts_for":"bob"}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("billing-agent", "bob", "admin"), (created.String("client_id"), created.String("acts_for"), created.String("origin")));
        var secret = created.String("client_secret")!;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("billing-agent", secret)).Status);

        var read = await AdminAsync(HttpMethod.Get, "/admin/clients/billing-agent");
        Assert.Equal((HttpStatusCode.OK, "Billing"), (read.Status, read.String("client_name")));
        Assert.False(read.Has("client_secret"));
        Assert.DoesNotContain("sha256", read.Body, StringComparison.Ordinal);

        var again = await AdminAsync(HttpMethod.Post, "/admin/clients", """{"client_id":"billing-agent","grant_types":["client_credentials"]}""");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
    }

    [Theory]
    [InlineData("""{"client_id":"bad-1","grant_types":["urn:example:unknown"]}""", "invalid_client_metadata")]
    [InlineData("""{"client_id":"bad-2","grant_types":["authorization_code"],"redirect_uris":["no-scheme"]}""", "invalid_redirect_uri")]
    [InlineData("""{"client_id":"bad-3","grant_types":["client_credentials"],"acts_for":"nobody-known"}""", "invalid_client_metadata")]
    [InlineData("""{"client_id":"bad-4","grant_types":["client_credentials"],"enabled":"no"}""", "invalid_client_metadata")]
    public async Task Create_BadMetadata_IsRefusedAndNothingIsStored(string body, string error)
    {
        var clientId = JsonNode.Parse(body)!["client_id"]!.GetValue<string>();

        var reply = await AdminAsync(HttpMethod.Post, "/admin/clients", body);

        Assert.Equal((HttpStatusCode.BadRequest, error), (reply.Status, reply.Error));
        Assert.Equal(HttpStatusCode.NotFound, (await AdminAsync(HttpMethod.Get, $"/admin/clients/{clientId}")).Status);
        Assert.Null(await Grains.GetGrain<IClientGrain>(clientId).GetAsync());
    }

    [Theory]
    [InlineData("GET", "/admin/clients/%20")]
    [InlineData("POST", "/admin/clients/%0A/disable")]
    [InlineData("PUT", "/admin/clients/%09")]
    [InlineData("DELETE", "/admin/clients/%20%20")]
    public async Task BlankClientId_NamesNoClient(string method, string path)
    {
        // A blank id names no grain (Orleans refuses one): no client, not a server error.
        var reply = await AdminAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task DisableEnableRotateDelete_TakeEffectAtOnceAndAreAudited()
    {
        var secret = (await AdminAsync(HttpMethod.Post, "/admin/clients", """{"client_id":"ops-agent","grant_types":["client_credentials"],"scope":"read"}""")).String("client_secret")!;

        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(HttpMethod.Post, "/admin/clients/ops-agent/disable", "{}")).Status);
        var disabled = await TokenAsync("ops-agent", secret);
        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(HttpMethod.Post, "/admin/clients/ops-agent/enable", "{}")).Status);
        var enabled = await TokenAsync("ops-agent", secret);
        var rotated = await AdminAsync(HttpMethod.Post, "/admin/clients/ops-agent/secret", "{}");
        var oldSecret = await TokenAsync("ops-agent", secret);
        var newSecret = await TokenAsync("ops-agent", rotated.String("client_secret")!);
        var deleted = await AdminAsync(HttpMethod.Delete, "/admin/clients/ops-agent");
        var afterDelete = await TokenAsync("ops-agent", rotated.String("client_secret")!);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (disabled.Status, disabled.Error));
        Assert.Equal(HttpStatusCode.OK, enabled.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (oldSecret.Status, oldSecret.Error));
        Assert.Equal(HttpStatusCode.OK, newSecret.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (afterDelete.Status, afterDelete.Error));

        var audit = await AdminAsync(HttpMethod.Get, "/admin/audit?client=ops-agent&limit=100");
        foreach (var kind in new[] { "client.registered", "client.disabled", "client.enabled", "client.secret_rotated", "client.deleted" })
        {
            Assert.Contains(kind, audit.Body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, audit.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredClient_DisabledByAnAdmin_IsRefusedStaysTakenOverAndCannotBeDeleted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.TokenAsync("c2", ("grant_type", "client_credentials"), ("scope", "read"))).Status);

        var disabled = await AdminAsync(HttpMethod.Post, "/admin/clients/c2/disable", "{}");
        var refused = await _client.TokenAsync("c2", ("grant_type", "client_credentials"), ("scope", "read"));
        var delete = await AdminAsync(HttpMethod.Delete, "/admin/clients/c2");

        Assert.Equal((HttpStatusCode.OK, "admin", false), (disabled.Status, disabled.String("origin"), disabled.Json.GetProperty("enabled").GetBoolean()));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (refused.Status, refused.Error));
        Assert.Equal(HttpStatusCode.Conflict, delete.Status);

        // The next start seeds the configuration again: an admin's change is kept.
        var grain = Grains.GetGrain<IClientGrain>("c2");
        var current = (await grain.GetAsync())!;
        var seeded = await grain.SeedAsync(new ClientRecord(current.Registration.Replace("\"Enabled\":false", "\"Enabled\":true", StringComparison.Ordinal), ClientOrigin.Configuration));
        Assert.Equal(current, seeded);
        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(HttpMethod.Post, "/admin/clients/c2/enable", "{}")).Status);
    }

    [Fact]
    public async Task ConfiguredClient_ChangedConfiguration_ReplacesTheSeedUntilAnAdminChangesIt()
    {
        var grain = Grains.GetGrain<IClientGrain>("configured-elsewhere");
        var first = await grain.SeedAsync(new ClientRecord("""{"Name":"one"}""", ClientOrigin.Configuration));
        var same = await grain.SeedAsync(new ClientRecord("""{"Name":"one"}""", ClientOrigin.Configuration));
        var changed = await grain.SeedAsync(new ClientRecord("""{"Name":"two"}""", ClientOrigin.Configuration));
        var taken = await grain.ReplaceAsync(changed with { Registration = """{"Name":"admin"}""", Origin = ClientOrigin.Admin }, changed.Version);
        var stale = await grain.ReplaceAsync(changed with { Registration = """{"Name":"late"}""" }, changed.Version);
        var reseeded = await grain.SeedAsync(new ClientRecord("""{"Name":"three"}""", ClientOrigin.Configuration));

        Assert.Equal((1, 1, 2), (first.Version, same.Version, changed.Version));
        Assert.Equal("""{"Name":"admin"}""", taken!.Registration);
        Assert.Null(stale);
        Assert.Equal(taken, reseeded);
    }

    [Fact]
    public async Task DisabledOnAnotherGateway_IsRefusedHereWithinTheCacheLifetime()
    {
        var secret = (await AdminAsync(HttpMethod.Post, "/admin/clients", """{"client_id":"roaming-agent","grant_types":["client_credentials"],"scope":"read"}""")).String("client_secret")!;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("roaming-agent", secret)).Status);

        // Another gateway's admin API writes the grain; this gateway learns of it only by reading it again.
        var grain = Grains.GetGrain<IClientGrain>("roaming-agent");
        var current = (await grain.GetAsync())!;
        var registration = JsonNode.Parse(current.Registration)!.AsObject();
        registration["Enabled"] = false;
        Assert.NotNull(await grain.ReplaceAsync(current with { Registration = registration.ToJsonString(), Origin = ClientOrigin.Admin }, current.Version));

        var stillCached = await TokenAsync("roaming-agent", secret);
        factory.Time.Advance(RegistrationGatewayFactory.CacheLifetime);
        var refused = await TokenAsync("roaming-agent", secret);

        Assert.Equal(HttpStatusCode.OK, stillCached.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task ClientsNotUsedWithinTheirLifetime_AreSweptFromTheGatewaysMemory()
    {
        var store = factory.Services.GetRequiredService<DeferredOrleans.Gateway.Clients.ClientStore>();
        var secret = (await AdminAsync(HttpMethod.Post, "/admin/clients", """{"client_id":"idle-agent","grant_types":["client_credentials"],"scope":"read"}""")).String("client_secret")!;
        Assert.Equal(HttpStatusCode.OK, (await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"))).Status);
        Assert.True(store.Count >= 2);

        factory.Time.Advance(DeferredOrleans.Gateway.Clients.ClientStore.SweepPeriod);
        var used = await TokenAsync("idle-agent", secret);

        Assert.Equal(HttpStatusCode.OK, used.Status);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task ClientUnknownToThisGateway_IsNamedToItsApprovers()
    {
        // Registered through another gateway: straight into its grain.
        var secret = "far-agent-secret-with-enough-entropy";
        var registration = $$"""{"Name":"Far agent","SecretHash":"{{DeferredOrleans.Gateway.Security.SecretHasher.HashToken(secret)}}","GrantTypes":["client_credentials"],"Scopes":["approve:me"]}""";
        Assert.NotNull(await Grains.GetGrain<IClientGrain>("far-agent").CreateAsync(new ClientRecord(registration, ClientOrigin.Admin)));
        var deferred = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic("far-agent", secret), new FormUrlEncodedContent([
            KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "approve:me"), KeyValuePair.Create("completion_mode", "deferred")]));
        Assert.Equal("authorization_pending", deferred.Error);

        // This gateway forgets it (unused for a sweep period), as a gateway that never served it.
        factory.Time.Advance(DeferredOrleans.Gateway.Clients.ClientStore.SweepPeriod);
        Assert.Equal(HttpStatusCode.OK, (await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"))).Status);
        Assert.Null(factory.Services.GetRequiredService<DeferredOrleans.Gateway.Clients.ClientRegistry>().Find("far-agent"));

        var approvals = await _client.InboxAsync(RegistrationGatewayFactory.Admin);

        Assert.Contains(approvals.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("client_id").GetString() == "far-agent" && i.GetProperty("client_name").GetString() == "Far agent");
    }

    [Theory]
    [InlineData("POST", "/admin/clients", """{"grant_types":["client_credentials"]}""")]
    [InlineData("GET", "/admin/clients/c1", null)]
    [InlineData("POST", "/admin/clients/c1/disable", "{}")]
    public async Task NonAdmin_IsForbidden(string method, string path, string? body)
    {
        var reply = await _client.SendAsync(new HttpMethod(method), path, OAuthTestClient.Basic("bob", "bob-pw"), body is null ? null : OAuthTestClient.Json(body));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    private Task<Reply> TokenAsync(string clientId, string secret) =>
        _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic(clientId, secret), new FormUrlEncodedContent([
            KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "read")]));
}
