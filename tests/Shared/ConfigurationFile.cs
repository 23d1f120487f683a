using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>Reads a server configuration file the way a test needs to override one of its settings.</summary>
public static class ConfigurationFile
{
    /// <summary>
    /// The position of <paramref name="clientId"/> in the file's client list (configuration addresses list items by
    /// position, so an override names the index).
    /// </summary>
    public static int ClientIndex(string path, string clientId)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var clients = document.RootElement.GetProperty("DeferredOrleans").GetProperty("Clients").EnumerateArray().Select(c => c.GetProperty("ClientId").GetString()).ToList();
        return clients.IndexOf(clientId) is >= 0 and var index ? index : throw new InvalidOperationException($"{Path.GetFileName(path)} has no client {clientId}");
    }
}
