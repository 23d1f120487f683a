using System.Text;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>POSTs each checkpoint as JSON to a witness service; any answer but 2xx counts as not kept.</summary>
public sealed class HttpAuditWitness(Uri url, TimeSpan timeout) : IAuditWitness, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = timeout };

    public string Name => $"endpoint {url}";

    public async Task ExportAsync(AuditCheckpoint checkpoint, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
