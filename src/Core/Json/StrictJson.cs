using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace DeferredOrleans.Core.Json;

/// <summary>
/// Parses JSON that others send, refusing as malformed what System.Text.Json accepts at first and fails on later:
/// bytes that are not UTF-8 (RFC 8259 §8.1), string escapes that are no Unicode scalar value, such as a lone
/// <c>\ud800</c> (RFC 8259 §8.2), and an object that names a member twice (RFC 8259 §4: names SHOULD be unique; which
/// one counts is left open, and <c>JsonObject</c> throws on first access). Left in, each one makes a handler throw
/// deep inside, after the body was accepted. Every failure is a <see cref="JsonException"/>, so callers need one catch.
/// </summary>
public static class StrictJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new JsonException("The JSON text is not valid UTF-8.");
        }

        var document = JsonDocument.Parse(utf8, options);
        try
        {
            CheckStrings(document.RootElement);
            return document;
        }
        catch (JsonException)
        {
            document.Dispose();
            throw;
        }
        catch (InvalidOperationException e)
        {
            document.Dispose();
            throw new JsonException("The JSON text has a string that is not valid Unicode.", e);
        }
    }

    /// <summary>Parses JSON that arrived as text (a form parameter); the text is encoded to UTF-8 first.</summary>
    public static JsonDocument Parse(string json, JsonDocumentOptions options = default) =>
        Parse(Encoding.UTF8.GetBytes(json), options);

    /// <summary>The mutable form of <see cref="Parse(string, JsonDocumentOptions)"/>.</summary>
    public static JsonNode? ParseNode(string json, JsonDocumentOptions options = default)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        Parse(utf8, options).Dispose();
        return JsonNode.Parse(utf8, documentOptions: options);
    }

    // Depth is bounded by the parser's MaxDepth, so the recursion is too.
    private static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new JsonException("The JSON text has an object that names a member twice.");
                    }

                    CheckStrings(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckStrings(item);
                }

                break;
        }
    }
}
