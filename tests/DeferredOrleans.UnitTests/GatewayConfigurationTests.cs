using DeferredOrleans.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;

namespace DeferredOrleans.UnitTests;

public sealed class GatewayConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("deferred-orleans-config-");

    [Fact]
    public void ConfigFile_OverridesAppSettingsAndLosesToTheCommandLine()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "appsettings.json"), """
            {"DeferredOrleans":{"Demo":false,"Deferrals":{"PollTolerance":"00:00:01","Retention":"1.00:00:00"},"Server":{"Issuer":"http://appsettings"}}}
            """);
        File.WriteAllText(Path.Combine(_root.FullName, "operator.json"), """
            {"DeferredOrleans":{"Deferrals":{"PollTolerance":"00:00:00"},"Server":{"Issuer":"http://operator-file"}}}
            """);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = _root.FullName,
            Args = ["--DeferredOrleans:ConfigFile=operator.json", "--DeferredOrleans:Server:Issuer=http://command-line"],
        });

        builder.Configuration.AddDeferredOrleansFiles(_root.FullName);

        Assert.Equal("00:00:00", builder.Configuration["DeferredOrleans:Deferrals:PollTolerance"]);
        Assert.Equal("1.00:00:00", builder.Configuration["DeferredOrleans:Deferrals:Retention"]);
        Assert.Equal("http://command-line", builder.Configuration["DeferredOrleans:Server:Issuer"]);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
