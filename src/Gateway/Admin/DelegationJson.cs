using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Organization;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>Delegations on the wire: <c>{"from","to","starts","ends","resources":[…],"scopes":[…]}</c>.</summary>
public static class DelegationJson
{
    /// <summary>Adds or replaces a delegation; <paramref name="from"/>, when set, is the caller delegating their own decisions.</summary>
    public static string? Put(DirectoryChanges changes, string id, JsonElement body, string? from)
    {
        var delegation = new Delegation
        {
            Id = id,
            From = from ?? AdminEndpoints.Text(body, "from") ?? "",
            To = AdminEndpoints.Text(body, "to") ?? "",
            Starts = Time(body, "starts"),
            Ends = Time(body, "ends"),
            Resources = AdminEndpoints.Strings(body, "resources"),
            Scopes = AdminEndpoints.Strings(body, "scopes"),
        };
        DirectoryEditor.Upsert(changes.Upserted.Delegations, delegation, d => d.Id);
        changes.RemovedDelegations.Remove(id);
        return null;
    }

    public static void Write(Utf8JsonWriter w, Delegation delegation)
    {
        w.WriteStartObject();
        w.WriteString("id", delegation.Id);
        w.WriteString("from", delegation.From);
        w.WriteString("to", delegation.To);
        if (delegation.Starts is { } starts)
        {
            w.WriteString("starts", starts.UtcDateTime);
        }

        if (delegation.Ends is { } ends)
        {
            w.WriteString("ends", ends.UtcDateTime);
        }

        AdminEndpoints.WriteStrings(w, "resources", delegation.Resources);
        AdminEndpoints.WriteStrings(w, "scopes", delegation.Scopes);
        w.WriteEndObject();
    }

    private static DateTimeOffset? Time(JsonElement body, string name) =>
        AdminEndpoints.Text(body, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
