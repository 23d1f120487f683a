using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Gateway.Delegations;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.AspNetCore.Mvc;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>/inbox/delegations</c>: "I am away; Bob decides for me": the approver's own delegations (set, end) and those
/// made to them. Changes go through the same validation as the self-service API (<see cref="DelegationJson"/>,
/// <see cref="DirectoryEditor"/>): a delegation that would break the policy in force is refused and nothing changes.
/// </summary>
public sealed class DelegationsModel(PolicyStore store, DirectoryEditor editor, TimeProvider time) : InboxPageModel(time)
{
    public IReadOnlyList<Delegation> Mine { get; private set; } = [];

    public IReadOnlyList<Delegation> ToMe { get; private set; } = [];

    /// <summary>People who could decide in the approver's place (directory users who sign in), by name.</summary>
    public IReadOnlyList<DirectoryUser> People { get; private set; } = [];

    public string NameOf(string id) => store.Directory.FindUser(id)?.Name is { Length: > 0 } name ? $"{name} ({id})" : id;

    public void OnGet(string? done)
    {
        Notice = done switch
        {
            "set" => "Your delegation is stored: requests for you go to your delegate while it runs.",
            "ended" => "Your delegation has ended: requests come to you again.",
            _ => null,
        };
        Load();
    }

    public async Task<IActionResult> OnPostSetAsync()
    {
        Load();
        var form = Request.Form;
        var to = form["to"].ToString();
        if (store.Directory.FindUser(to) is null || to == ApproverId)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Choose someone else from the directory to decide for you. Nothing was changed.");
        }

        if (!TryTime(form["starts"], out var starts) || !TryTime(form["ends"], out var ends))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Start and end are dates and times (UTC), e.g. 2026-12-20 09:00. Nothing was changed.");
        }

        var id = form["id"].ToString() is { Length: > 0 and <= 100 } given ? given : $"{ApproverId}-away-{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(6))}";
        if (store.Directory.Options.Delegations.Any(d => d.Id == id && d.From != ApproverId))
        {
            return Refuse(StatusCodes.Status403Forbidden, "That delegation belongs to someone else. Nothing was changed.");
        }

        var body = new JsonObject
        {
            ["to"] = to,
            ["starts"] = starts?.ToString("O", CultureInfo.InvariantCulture),
            ["ends"] = ends?.ToString("O", CultureInfo.InvariantCulture),
            ["resources"] = new JsonArray([.. List(form["resources"]).Select(r => JsonValue.Create(r))]),
            ["scopes"] = new JsonArray([.. List(form["scopes"]).Select(s => JsonValue.Create(s))]),
        };
        using var document = JsonDocument.Parse(body.ToJsonString());
        var root = document.RootElement.Clone();
        var problem = await editor.ChangeAsync(changes => DelegationJson.Put(changes, id, root, from: ApproverId));
        return problem is null ? Redirect("/inbox/delegations?done=set") : Refuse(StatusCodes.Status400BadRequest, $"The delegation was refused: {problem}. Nothing was changed.");
    }

    public async Task<IActionResult> OnPostEndAsync(string? id)
    {
        Load();
        if (string.IsNullOrEmpty(id) || !Mine.Any(d => d.Id == id))
        {
            return Refuse(StatusCodes.Status404NotFound, "No such delegation of yours; nothing was changed.");
        }

        var problem = await editor.ChangeAsync(changes => DirectoryEditor.Remove(changes.Upserted.Delegations, changes.RemovedDelegations, id, d => d.Id));
        return problem is null ? Redirect("/inbox/delegations?done=ended") : Refuse(StatusCodes.Status400BadRequest, $"The delegation could not end: {problem}. Nothing was changed.");
    }

    /// <summary>Whether a delegation is running now, will run, or is over.</summary>
    public string State(Delegation d) =>
        d.Ends is { } ends && ends <= Now ? "over" : d.Starts is { } starts && starts > Now ? "planned" : "running now";

    private void Load()
    {
        var directory = store.Directory;
        Mine = [.. directory.Options.Delegations.Where(d => d.From == ApproverId)];
        ToMe = [.. directory.Options.Delegations.Where(d => d.To == ApproverId)];
        People = [.. directory.Users.Where(u => u.PasswordHash is not null && u.Id != ApproverId).OrderBy(u => u.Id, StringComparer.Ordinal)];
    }

    /// <summary>An optional time from a <c>datetime-local</c> field or ISO 8601, taken as UTC.</summary>
    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    private static IEnumerable<string> List(string? value) =>
        (value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal);
}
