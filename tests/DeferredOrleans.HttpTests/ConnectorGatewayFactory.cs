using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json wired to three real external systems on loopback: the change board's
/// ServiceNow-style webhook, the access board's AuthZEN access request service, and an AuthZEN PDP asked on the
/// token path. Connector retries and polls use short delays (testserver.json, Connectors).
/// </summary>
public sealed class ConnectorGatewayFactory : GatewayFactory, IAsyncLifetime
{
    public const string WebhookSecret = "change-board-webhook-secret";
    public const string ArapSecret = "access-board-arap-secret";
    public const string PdpSecret = "authzen-pdp-callback-secret";
    public const string PdpApprover = "authzen";

    /// <summary>Positions of change-board and access-board in testserver.json's user list.</summary>
    private const int ChangeBoardIndex = 7;
    private const int AccessBoardIndex = 8;

    public ExternalSystem Webhook { get; private set; } = null!;

    public FakeAccessRequestService Arap { get; private set; } = null!;

    public FakePdp Pdp { get; private set; } = null!;

    public string WebhookUrl => Webhook.BaseUrl + "/servicenow/tasks";

    public async Task InitializeAsync()
    {
        Webhook = await ExternalSystem.StartAsync();
        Arap = await FakeAccessRequestService.StartAsync();
        Pdp = await FakePdp.StartAsync(() => Arap.Endpoint);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Webhook.DisposeAsync();
        await Arap.System.DisposeAsync();
        await Pdp.System.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"DeferredOrleans:Directory:Users:{ChangeBoardIndex}:Connector:Url", WebhookUrl);
        builder.UseSetting($"DeferredOrleans:Directory:Users:{AccessBoardIndex}:Connector:Url", Arap.Endpoint);
        builder.UseSetting("DeferredOrleans:AuthZen:Pdp:EvaluationUrl", Pdp.EvaluationUrl);
        builder.UseSetting("DeferredOrleans:AuthZen:Pdp:AccessRequestEndpoint", Arap.Endpoint);
        builder.UseSetting("DeferredOrleans:AuthZen:Pdp:CallbackSecret", PdpSecret);
        builder.UseSetting("DeferredOrleans:AuthZen:Pdp:ApproverId", PdpApprover);
        builder.UseSetting("DeferredOrleans:AuthZen:Pdp:Timeout", "00:00:01");
    }
}
