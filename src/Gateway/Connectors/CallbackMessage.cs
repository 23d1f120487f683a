using System.Text.Json;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Core.Json;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Connectors;

/// <summary>
/// A callback's body. Webhook: <c>{"task_id", "status", "reference"?, "reason"?, "scope"?, "authorization_details"?}</c>.
/// ARAP: <c>{"state"}</c> (the value sent as <c>callback.state</c>) or <c>{"task_id"}</c>; the rest is advisory.
/// </summary>
public sealed record CallbackMessage(string TaskId, ConnectorOutcome? Outcome)
{
    private const int MaxReferenceLength = 200;

    public static (CallbackMessage? Message, string? Error) Parse(ReadOnlySpan<byte> body, ConnectorKind kind)
    {
        try
        {
            using var document = StrictJson.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "the body must be a JSON object");
            }

            var taskId = Text(root, "task_id") ?? (kind == ConnectorKind.Arap ? Text(root, "state") : null);
            if (taskId is null || !DeferralCodes.IsId(taskId))
            {
                return (null, kind == ConnectorKind.Arap ? "state (or task_id) must name a task" : "task_id must name a task");
            }

            if (kind == ConnectorKind.Arap)
            {
                return (new CallbackMessage(taskId, null), null);
            }

            if (Text(root, "status") is not { Length: > 0 and <= 40 } status)
            {
                return (null, "status must be a short string such as approved or denied");
            }

            var reference = Text(root, "reference");
            if (root.TryGetProperty("reference", out _) && (reference is null || reference.Length > MaxReferenceLength || !reference.All(c => c is >= ' ' and <= '~')))
            {
                return (null, $"reference must be printable ASCII of at most {MaxReferenceLength} characters");
            }

            var (input, error) = DecisionInput.From(root, maxStandingHours: 0);
            if (error is not null || input.StandingHours is not null)
            {
                return (null, error ?? "a connector cannot make standing decisions");
            }

            return (new CallbackMessage(taskId, new ConnectorOutcome(status, reference, input.Reason, input.Scopes, input.AuthorizationDetails)), null);
        }
        catch (JsonException)
        {
            return (null, "the body is not valid UTF-8 JSON");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
