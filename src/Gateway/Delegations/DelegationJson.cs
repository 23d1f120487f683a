using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.PolicyManagement;

namespace DeferredOrleans.Gateway.Delegations;

/// <summary>Reads a delegation sent as <c>{"from","to","starts","ends","resources":[…],"scopes":[…]}</c>.</summary>
public static class DelegationJson
{
    /// <summary>Adds or replaces a delegation; <paramref name="from"/>, when set, is the caller delegating their own decisions.</summary>
    public static string? Put(DirectoryChanges changes, string id, JsonElement body, string? from)
    {
        if (!TryTime(body, "starts", out var starts) || !TryTime(body, "ends", out var ends))
        {
            return "starts and ends are ISO 8601 times, e.g. 2026-12-01T00:00:00Z";
        }

        if (starts is not null && ends is not null && ends <= starts)
        {
            return "a delegation must end after it starts";
        }

        var delegation = new Delegation
        {
            Id = id,
            From = from ?? JsonBody.Text(body, "from") ?? "",
            To = JsonBody.Text(body, "to") ?? "",
            Starts = starts,
            Ends = ends,
            Resources = JsonBody.Strings(body, "resources"),
            Scopes = JsonBody.Strings(body, "scopes"),
        };
        DirectoryEditor.Upsert(changes.Upserted.Delegations, delegation, d => d.Id);
        changes.RemovedDelegations.Remove(id);
        return null;
    }

    /// <summary>An optional time member: absent or null is fine, anything else must parse.</summary>
    private static bool TryTime(JsonElement body, string name, out DateTimeOffset? time)
    {
        time = null;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
