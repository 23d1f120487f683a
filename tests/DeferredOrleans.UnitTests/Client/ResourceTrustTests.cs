using DeferredOrleans.Client;

namespace DeferredOrleans.UnitTests.Client;

public sealed class ResourceTrustTests
{
    private static readonly Uri Issuer = new("https://as.example");

    [Theory]
    [InlineData("https://docs.example", "https://docs.example/docs/doc-789", true)]
    [InlineData("https://docs.example/docs/doc-789", "https://docs.example/docs/doc-789", true)]
    [InlineData("https://docs.example/docs/doc-789", "https://docs.example/docs/doc-789/history", true)]
    [InlineData("https://docs.example/docs/doc-789", "https://docs.example/docs/doc-7890", false)]
    [InlineData("https://docs.example/docs/doc-789", "https://docs.example/docs/doc-1", false)]
    [InlineData("https://docs.example", "http://docs.example/docs", false)]
    [InlineData("https://docs.example", "https://docs.example:8443/docs", false)]
    [InlineData("https://docs.example", "https://evil.example/docs", false)]
    public void Names_RequestAgainstResource_SaysWhetherTheTokenMayGoThere(string resource, string request, bool expected) =>
        Assert.Equal(expected, ResourceTrust.Names(new Uri(resource), new Uri(request)));

    [Theory]
    [InlineData("https://as.example/", false, true)]
    [InlineData("http://as.example/", false, false)]
    [InlineData("http://localhost:5080/", true, true)]
    [InlineData("ftp://as.example/", true, false)]
    public void IsAllowedScheme_OutsideDevelopment_IsHttpsOnly(string uri, bool allowHttp, bool expected) =>
        Assert.Equal(expected, ResourceTrust.IsAllowedScheme(new Uri(uri), allowHttp));

    [Fact]
    public void ChooseAuthorizationServer_UnknownServersFirst_PicksTheTrustedOne()
    {
        var metadata = Metadata(null, "https://evil.example", "https://as.example/");

        Assert.Equal(new Uri("https://as.example/"), ResourceTrust.ChooseAuthorizationServer(metadata, [Issuer]));
    }

    [Fact]
    public void ChooseAuthorizationServer_NoneTrusted_IsNull() =>
        Assert.Null(ResourceTrust.ChooseAuthorizationServer(Metadata(null, "https://evil.example"), [Issuer]));

    [Fact]
    public void Audience_WithoutTokenAudience_IsTheResourceUrl() =>
        Assert.Equal("https://docs.example/docs/doc-789", ResourceTrust.Audience(Metadata(null), []));

    [Fact]
    public void Audience_NamedByATrustedResourceServer_IsTheNamedAudience() =>
        Assert.Equal("doc-789", ResourceTrust.Audience(Metadata("doc-789"), [new Uri("https://docs.example")]));

    [Fact]
    public void Audience_NamedByAnUntrustedResourceServer_IsRefused() =>
        Assert.Null(ResourceTrust.Audience(Metadata("payroll-api"), [new Uri("https://other.example")]));

    private static ProtectedResourceMetadata Metadata(string? audience, params string[] servers) =>
        new(new Uri("https://docs.example/docs/doc-789"), [.. (servers.Length == 0 ? ["https://as.example"] : servers).Select(s => new Uri(s))], ["doc:write"], audience);
}
