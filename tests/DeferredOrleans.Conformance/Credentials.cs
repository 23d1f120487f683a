using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.Conformance;

/// <summary>The secrets and passwords whose hashes are in conformance.json (made with <c>hash-secret</c>), and the key of its trusted issuer.</summary>
public static class Credentials
{
    /// <summary>C1 of docs/conformance.md: confidential, client_secret_basic.</summary>
    public const string C1 = "c1";

    /// <summary>C2 of docs/conformance.md: a second confidential client.</summary>
    public const string C2 = "c2";

    /// <summary>P1 of docs/conformance.md: public, DPoP.</summary>
    public const string P1 = "p1";

    /// <summary>A confidential client with a deferred_client_notification_endpoint.</summary>
    public const string Callback = "cb";

    /// <summary>An agent acting for the directory user <see cref="Subject"/>.</summary>
    public const string Assistant = "erin-assistant";

    public const string Web = "web";
    public const string Ciba = "ciba";
    public const string Exchanger = "exchanger";
    public const string ResourceServer = "rs";

    /// <summary>The approver of every deferring rule but the bulk one.</summary>
    public const string Approver = "ava.quill";

    /// <summary>The approver of <c>approve:bulk</c> (check 9's thousand requests stay out of the main inbox).</summary>
    public const string BulkApprover = "bulk.quill";

    /// <summary>A person who signs in at /authorize, is the assistant's subject and is the CIBA hinted user.</summary>
    public const string Subject = "erin.vale";

    /// <summary>A directory user who is neither approver nor subject.</summary>
    public const string Bystander = "mallory.quill";

    /// <summary>Identifiers and display names of approvers: no error_description may contain them (check 60).</summary>
    public static readonly string[] ApproverNames = ["ava.quill", "Ava Quill", "bulk.quill", "Bulk Quill", "quill"];

    private static readonly Dictionary<string, string> Secrets = new(StringComparer.Ordinal)
    {
        [C1] = "c1-conformance-secret",
        [C2] = "c2-conformance-secret",
        [Callback] = "cb-conformance-secret",
        [Assistant] = "assistant-conformance-secret",
        [Web] = "web-conformance-secret",
        [Ciba] = "ciba-conformance-secret",
        [Exchanger] = "exchanger-conformance-secret",
        [ResourceServer] = "rs-conformance-secret",
        [Approver] = "ava-password",
        [BulkApprover] = "bulk-password",
        [Subject] = "erin-password",
        [Bystander] = "mallory-password",
    };

    /// <summary>The external issuer that conformance.json trusts (<c>TrustedIssuers</c>, key <c>conformance-idp-1</c>).</summary>
    public static TrustedIdp Idp { get; } = new(
        "https://idp.conformance.example",
        "conformance-idp-1",
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVE4UWjetC97N8lsmwmcubuIQSja9zzd8xtG7Bk1UKqahRANCAASqDW7iSvjOWPGRrYcSfa+E/InCroi6PALQW9BX0GB54LjjnMRskTSg4ErAioDbnau+q/HGsvtWY31rdyD2d3m6");

    public static string SecretOf(string name) => Secrets[name];

    /// <summary>HTTP Basic; OAuth clients form-urlencode id and secret first (RFC 6749 §2.3.1).</summary>
    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(secret)}")));

    public static AuthenticationHeaderValue Basic(string name) => Basic(name, SecretOf(name));
}
