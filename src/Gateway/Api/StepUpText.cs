using System.Globalization;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Api;

/// <summary>What a rule's step-up asks of an approver, in words, for the inbox and the approval API alike.</summary>
public static class StepUpText
{
    /// <summary>RFC 8176 <c>hwk</c>: proof of possession of a hardware-secured key, as a passkey gives.</summary>
    public const string Passkey = "hwk";

    /// <summary>E.g. "a sign-in with a passkey within the last 5 minutes".</summary>
    public static string Describe(AuthenticationRequirement required)
    {
        var methods = string.Join(" or ", required.Methods.Select(Method));
        return required.MaxAge is { } age ? $"a sign-in with {methods} within the last {Age(age)}" : $"a sign-in with {methods}";
    }

    /// <summary>The refusal of an approval that lacks the step-up; nothing was recorded.</summary>
    public static string Refusal(AuthenticationRequirement required) =>
        $"this approval needs {Describe(required)}; sign in again that way and repeat the approval (nothing was recorded)";

    private static string Method(string amr) => amr switch
    {
        Passkey => "a passkey",
        ApproverSessions.Password => "a password",
        "mfa" => "multiple factors",
        "fed" => "the organisation's sign-in",
        _ => $"'{amr}'",
    };

    private static string Age(TimeSpan age) => age.TotalMinutes >= 1 && age.TotalSeconds % 60 == 0
        ? $"{age.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minute{(age.TotalMinutes == 1 ? "" : "s")}"
        : $"{age.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds";
}
