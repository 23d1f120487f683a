using System.Net;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Deleting a directory entry that does not exist is 404 and writes nothing: before, each such name was remembered
/// as removed, so a stream of deletes grew the stored directory without bound.
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class AdminDeleteTests(EngineGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Theory]
    [InlineData("/admin/directory/users/nobody-at-all")]
    [InlineData("/admin/directory/groups/no-such-group")]
    [InlineData("/admin/directory/delegations/no-such-delegation")]
    [InlineData("/admin/directory/resources?pattern=no-such-pattern-*")]
    public async Task Delete_UnknownEntry_Is404AndTheDirectoryVersionStays(string path)
    {
        var before = await VersionAsync();

        var reply = await AdminAsync(HttpMethod.Delete, path);

        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
        Assert.Equal(before, await VersionAsync());
    }

    [Fact]
    public async Task Delete_ExistingEntry_RemovesIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(HttpMethod.Put, "/admin/directory/groups/short-lived", "{\"members\":[\"sam\"]}")).Status);

        var removed = await AdminAsync(HttpMethod.Delete, "/admin/directory/groups/short-lived");
        var again = await AdminAsync(HttpMethod.Delete, "/admin/directory/groups/short-lived");

        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    private async Task<long> VersionAsync() => (await AdminAsync(HttpMethod.Get, "/admin/directory")).Json.GetProperty("version").GetInt64();

    private Task<Reply> AdminAsync(HttpMethod method, string path, string? body = null) =>
        _client.SendAsync(method, path, OAuthTestClient.Basic("dave", "dave-pw"), body is null ? null : OAuthTestClient.Json(body));
}
