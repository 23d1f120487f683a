using System.Net.Http.Json;
using System.Text.Json;
using DeferredOrleans.Client;

namespace DeferredOrleans.Samples.Agent;

/// <summary>
/// The agent's task, written as if no approval existed: list the documents, then write one. The HTTP client's
/// <see cref="DeferredTokenHandler"/> answers the resource server's challenges, waiting for a human when the
/// authorization server says so (the talk's steps 1 to 7).
/// </summary>
internal sealed class DocsAgent(HttpClient docs, AgentOptions options, TextWriter output)
{
    public const int Written = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await WorkAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"could not reach the Docs API or the authorization server: {e.Message}");
            return Failed;
        }
    }

    private async Task<int> WorkAsync(CancellationToken cancellationToken)
    {
        using (var list = await docs.GetAsync(new Uri("/docs", UriKind.Relative), cancellationToken))
        {
            output.WriteLine($"GET /docs: {(int)list.StatusCode}");
            if (!list.IsSuccessStatusCode)
            {
                return Failed;
            }

            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync(cancellationToken));
            foreach (var doc in json.RootElement.EnumerateArray())
            {
                output.WriteLine($"  {doc.GetProperty("id").GetString()}  {doc.GetProperty("title").GetString()} (owner {doc.GetProperty("owner").GetString()})");
            }
        }

        output.WriteLine($"PUT /docs/{options.Document}: asking; this may wait for the owner's approval");
        try
        {
            using var write = await docs.PutAsJsonAsync(new Uri($"/docs/{options.Document}", UriKind.Relative), new { content = options.Content }, cancellationToken);
            if (!write.IsSuccessStatusCode)
            {
                output.WriteLine($"PUT /docs/{options.Document}: {(int)write.StatusCode} {write.Headers.WwwAuthenticate}");
                return Failed;
            }

            using var json = JsonDocument.Parse(await write.Content.ReadAsStringAsync(cancellationToken));
            output.WriteLine($"PUT /docs/{options.Document}: {(int)write.StatusCode}, wrote version {json.RootElement.GetProperty("version").GetInt32()}");
            return Written;
        }
        catch (DeferredTokenException e)
        {
            // access_denied: a human said no; expired_token: nobody decided in time. Either way nothing was written.
            output.WriteLine($"{options.Document} was not written: {e.Message}");
            return Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"{options.Document} was not written: cancelled (the pending request was withdrawn)");
            return Refused;
        }
    }
}
