using DeferredOrleans.Client;
using DeferredOrleans.Samples.Agent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// appsettings.json beside the program, wherever `dotnet run --project samples/Agent` is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var options = builder.Configuration.GetSection("Agent").Get<AgentOptions>() ?? new AgentOptions();

builder.Services.AddHttpClient("docs", http =>
    {
        http.BaseAddress = options.Docs;

        // A request may wait for a human: HttpClient's 100 s default would cut the wait short.
        http.Timeout = TimeSpan.FromMinutes(15);
    })
    .AddDeferredTokenHandler(handler =>
    {
        handler.ClientId = options.ClientId;
        handler.ClientSecret = options.ClientSecret;
        handler.TrustedAuthorizationServers.Add(options.Issuer);

        // The Docs API names documents by the server's names (token_audience "doc-789"); it is trusted to do so.
        handler.TrustedResourceServers.Add(options.Docs);
        handler.Progress = new ConsoleProgress(Console.Out);
    });

using var host = builder.Build();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C withdraws the pending request (the SDK revokes the deferral) instead of killing the process.
    e.Cancel = true;
    cancel.Cancel();
};

var docs = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("docs");
return await new DocsAgent(docs, options, Console.Out).RunAsync(cancel.Token);
