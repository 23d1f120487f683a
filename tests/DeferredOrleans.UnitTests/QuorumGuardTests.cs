using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Which directory changes alter who counts toward a quorum (K &gt; 1): a quorum group's members, and the
/// credentials, connector or manager of the people who can count; nothing else.
/// </summary>
public sealed class QuorumGuardTests
{
    private static readonly DirectoryOptions Configured = new()
    {
        Users =
        [
            User("alice"), User("bob", manager: "mia"), User("carol"), User("dave"), User("mia"), User("sam"), User("sue"),
            User("board-a", token: "sha256$a"), User("board-b", token: "sha256$b"),
        ],
        Groups =
        [
            new DirectoryGroup { Id = "admins", Members = ["bob", "carol", "dave"] },
            new DirectoryGroup { Id = "security", Members = ["sam", "sue"] },
        ],
        Resources = [new ResourceOwnership { Pattern = "doc-*", Owner = "alice" }],
    };

    private static readonly AccessPolicy Policy = AccessPolicy.Compile(new PolicyOptions
    {
        Rules =
        [
            new PolicyRuleOptions
            {
                Name = "user-admin", Outcome = "defer", Match = { Scopes = ["admin:users"] }, Approvers = new ApproverRouteOptions { Group = "admins" }, Quorum = 2,
                EscalateAfter = 600, EscalateTo = new ApproverRouteOptions { Manager = true },
            },
            new PolicyRuleOptions { Name = "payments", Outcome = "defer", Match = { Scopes = ["payments"] }, Approvers = new ApproverRouteOptions { Group = "security" } },
            new PolicyRuleOptions { Name = "deploy", Outcome = "defer", Match = { Scopes = ["deploy"] }, Approvers = new ApproverRouteOptions { Users = ["board-a", "board-b"] }, Quorum = 2 },
            new PolicyRuleOptions { Name = "write-doc", Outcome = "defer", Match = { Scopes = ["doc:write"] }, Approvers = new ApproverRouteOptions { ResourceOwner = true } },
        ],
    }, OrganizationDirectory.From(Configured));

    public static TheoryData<string, Action<DirectoryOptions>, string?> Changes() => new()
    {
        { "a member added to the quorum group", d => Group(d, "admins").Members.Add("sam"), "group 'admins' forms the 2-approval quorum of rule 'user-admin'" },
        { "a member taken out of the quorum group", d => Group(d, "admins").Members.Remove("carol"), "group 'admins' forms the 2-approval quorum of rule 'user-admin'" },
        { "a member swapped for another", d => Group(d, "admins").Members = ["bob", "carol", "sam"], "group 'admins' forms the 2-approval quorum of rule 'user-admin'" },
        { "the members in another order", d => Group(d, "admins").Members = ["dave", "bob", "carol"], null },
        { "a member's new password", d => Person(d, "carol").PasswordHash = "pbkdf2-sha256$other", "user 'carol' counts toward the 2-approval quorum of rule 'user-admin'" },
        { "a member's new manager", d => Person(d, "bob").Manager = "alice", "user 'bob' counts toward the 2-approval quorum of rule 'user-admin'" },
        { "the manager a quorum escalates to, with a new password", d => Person(d, "mia").PasswordHash = "pbkdf2-sha256$other", "user 'mia' counts toward the 2-approval quorum of rule 'user-admin'" },
        { "a named quorum approver's new token", d => Person(d, "board-b").TokenHash = "sha256$z", "user 'board-b' counts toward the 2-approval quorum of rule 'deploy'" },
        { "a member's new display name", d => Person(d, "dave").Name = "David", null },
        { "a group of a rule that needs one approval", d => Group(d, "security").Members.Add("alice"), null },
        { "someone outside every quorum", d => Person(d, "alice").PasswordHash = "pbkdf2-sha256$other", null },
        { "a new group", d => d.Groups.Add(new DirectoryGroup { Id = "reviewers", Members = ["sam"] }), null },
        { "a resource owner", d => d.Resources[0].Owner = "sam", null },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Problems_DirectoryChange_NamesWhatAltersAQuorum(string because, Action<DirectoryOptions> change, string? expected)
    {
        var changed = Copy(Configured);
        change(changed);

        var problems = QuorumGuard.Problems(Policy, OrganizationDirectory.From(Configured), OrganizationDirectory.From(changed));

        Assert.True(expected is null ? problems.IsEmpty : problems.Contains(expected), $"{because}: {string.Join("; ", problems)}");
    }

    private static DirectoryOptions Copy(DirectoryOptions options) =>
        System.Text.Json.JsonSerializer.Deserialize<DirectoryOptions>(System.Text.Json.JsonSerializer.Serialize(options))!;

    private static DirectoryGroup Group(DirectoryOptions options, string id) => options.Groups.Single(g => g.Id == id);

    private static DirectoryUser Person(DirectoryOptions options, string id) => options.Users.Single(u => u.Id == id);

    private static DirectoryUser User(string id, string? manager = null, string? token = null) =>
        new() { Id = id, Manager = manager, PasswordHash = token is null ? $"pbkdf2-sha256${id}" : null, TokenHash = token };
}
