using System.Text.Json;
using DeferredOrleans.Core.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// Risk signals a request carries for the policy's <c>risk.*</c> conditions: the non-standard <c>risk_signals</c>
/// parameter, a JSON object such as <c>{"score":82,"new_device":true}</c> from the client's risk engine.
/// </summary>
public static class RiskSignals
{
    public const string Parameter = "risk_signals";
    private const int MaxLength = 4096;

    public static (string? Json, OAuthError? Error) Read(OAuthRequest request)
    {
        if (request[Parameter] is not { } value)
        {
            return (null, null);
        }

        try
        {
            using var document = StrictJson.Parse(value, new JsonDocumentOptions { MaxDepth = 8 });
            return value.Length <= MaxLength && document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.GetRawText(), null)
                : (null, OAuthError.InvalidRequest("risk_signals must be a small JSON object"));
        }
        catch (JsonException)
        {
            return (null, OAuthError.InvalidRequest("risk_signals must be a small JSON object"));
        }
    }
}
