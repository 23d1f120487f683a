namespace DeferredOrleans.Connectors;

/// <summary>Keys of <see cref="IApprovalTaskGrain"/>: <c>{approverId}/{deferralId}</c>.</summary>
public static class ApprovalTaskKeys
{
    /// <summary>The key of the task of <paramref name="approverId"/> for <paramref name="deferralId"/>.</summary>
    public static string For(string approverId, string deferralId) => $"{approverId}/{deferralId}";

    /// <summary>Splits a key; deferral ids are base64url, so the last slash separates them.</summary>
    public static (string ApproverId, string DeferralId) Split(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? (key, "") : (key[..slash], key[(slash + 1)..]);
    }
}
