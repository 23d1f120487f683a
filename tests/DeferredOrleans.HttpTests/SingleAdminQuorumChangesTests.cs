using System.Net;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// An organization that accepts single-admin changes to quorum groups says so
/// (<c>DeferredOrleans:Directory:AllowSingleAdminQuorumGroupChanges</c>), and then one admin may make them.
/// </summary>
[Collection(SingleAdminQuorumChangesCollection.Name)]
public sealed class SingleAdminQuorumChangesTests(SingleAdminQuorumChangesFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Directory_AllowedByConfiguration_OneAdminAddsAQuorumMemberWhoIsAskedNext()
    {
        var reply = await _client.SendAsync(HttpMethod.Put, "/admin/directory/groups/admins", OAuthTestClient.Basic("dave", "dave-pw"),
            OAuthTestClient.Json("{\"members\":[\"bob\",\"carol\",\"dave\",\"sam\"]}"));
        var code = await _client.DeferAsync("agent-b", "admin:users");
        var inbox = await _client.SendAsync(HttpMethod.Get, "/approvals?limit=200", OAuthTestClient.Basic("sam", "sam-pw"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains(inbox.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
    }
}

/// <summary>The engine organization with single-admin changes to quorum groups allowed.</summary>
public sealed class SingleAdminQuorumChangesFactory : GatewayFactory
{
    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        builder.UseSetting("DeferredOrleans:Demo", "false");
        builder.UseSetting("DeferredOrleans:ConfigFile", Path.Combine(AppContext.BaseDirectory, "engine.json"));
        builder.UseSetting("DeferredOrleans:PolicyFile", Path.Combine(AppContext.BaseDirectory, "engine-policy.json"));
        builder.UseSetting("DeferredOrleans:Directory:AllowSingleAdminQuorumGroupChanges", "true");
    }
}

[CollectionDefinition(Name)]
public sealed class SingleAdminQuorumChangesCollection : ICollectionFixture<SingleAdminQuorumChangesFactory>
{
    public const string Name = "single-admin quorum changes";
}
