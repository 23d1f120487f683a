using DeferredOrleans.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

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

    [Fact]
    public void ConfigFile_WithoutDemoSetting_ReplacesTheDemoInsteadOfMergingByPosition()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "operator.json"), """
            {"DeferredOrleans":{"Policy":{"Rules":[{"Name":"mine","Match":{"Scopes":["x"]},"Outcome":"allow"}]}}}
            """);
        var builder = Builder("--DeferredOrleans:ConfigFile=operator.json");

        builder.Configuration.AddDeferredOrleansFiles(_root.FullName);

        Assert.Equal("mine", builder.Configuration["DeferredOrleans:Policy:Rules:0:Name"]);
        Assert.Null(builder.Configuration["DeferredOrleans:Policy:Rules:1:Name"]);
        Assert.Empty(builder.Configuration.GetSection("DeferredOrleans:Clients").GetChildren());
        Assert.Empty(builder.Configuration.GetSection("DeferredOrleans:Directory:Users").GetChildren());
        Assert.Null(GatewayConfiguration.Problem(builder.Configuration));
    }

    [Fact]
    public void NoConfigFile_DemoIsOnByDefault()
    {
        var builder = Builder();

        builder.Configuration.AddDeferredOrleansFiles(_root.FullName);

        Assert.Equal("agent", builder.Configuration["DeferredOrleans:Clients:0:ClientId"]);
        Assert.Null(GatewayConfiguration.Problem(builder.Configuration));
    }

    [Fact]
    public void DemoFalse_WithoutConfigFile_LoadsNoClients()
    {
        var builder = Builder("--DeferredOrleans:Demo=false");

        builder.Configuration.AddDeferredOrleansFiles(_root.FullName);

        Assert.Empty(builder.Configuration.GetSection("DeferredOrleans:Clients").GetChildren());
    }

    [Fact]
    public void DemoTrue_WithConfigFile_IsRefusedWithOneLine()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "operator.json"), "{}");
        var builder = Builder("--DeferredOrleans:ConfigFile=operator.json", "--DeferredOrleans:Demo=true");

        builder.Configuration.AddDeferredOrleansFiles(_root.FullName);

        var problem = GatewayConfiguration.Problem(builder.Configuration);
        Assert.NotNull(problem);
        Assert.StartsWith("DeferredOrleans:Demo=true cannot be combined with DeferredOrleans:ConfigFile (operator.json)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    private WebApplicationBuilder Builder(params string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _root.FullName, Args = args });

    public void Dispose() => _root.Delete(recursive: true);
}
