using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// One <c>authorization_details</c> object (RFC 9396) in plain words, for an approver who should not have to read
/// JSON: "payment of 250 EUR to ACME" for a payment, and for any other type its type with the common fields of
/// RFC 9396 §2.2 (actions, locations, datatypes, identifier, privileges) and the rest as "name: value". The text is
/// data, never markup: pages encode it like any other value.
/// </summary>
public static class DetailText
{
    private static readonly string[] Common = ["type", "actions", "locations", "datatypes", "identifier", "privileges"];

    public static string Describe(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            return Value(detail);
        }

        var type = Text(detail, "type") ?? "unnamed";
        return type is "payment_initiation" or "payment" ? Payment(detail) : Generic(detail, type);
    }

    /// <summary>Each object of an authorization_details array (JSON text), described; an unreadable one as its raw text.</summary>
    public static IReadOnlyList<string> DescribeAll(string? json)
    {
        if (json is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray().Select(Describe)] : [Describe(document.RootElement)];
        }
        catch (JsonException)
        {
            return [json];
        }
    }

    /// <summary>The payment shapes seen in practice: RFC 9396's example (<c>instructedAmount</c>, <c>creditorName</c>, <c>creditorAccount.iban</c>) and flat ones (<c>amount</c>, <c>currency</c>, <c>creditor</c>).</summary>
    private static string Payment(JsonElement detail)
    {
        var amount = Path(detail, "instructedAmount", "amount") ?? Member(detail, "amount");
        var currency = Text(Path(detail, "instructedAmount", "currency")) ?? Text(detail, "currency");
        var creditor = Text(detail, "creditorName") ?? Text(Path(detail, "creditor", "name")) ?? Text(detail, "creditor");
        var iban = Text(Path(detail, "creditorAccount", "iban")) ?? Text(Path(detail, "creditor", "iban"));
        var text = new StringBuilder("payment");
        if (amount is { } a)
        {
            text.Append(" of ").Append(Value(a));
            if (currency is not null)
            {
                text.Append(' ').Append(currency);
            }
        }

        if (creditor is not null || iban is not null)
        {
            text.Append(" to ").Append(creditor ?? iban);
            if (creditor is not null && iban is not null)
            {
                text.Append(" (").Append(iban).Append(')');
            }
        }

        if (Text(detail, "remittanceInformationUnstructured") is { } reference)
        {
            text.Append(", reference “").Append(reference).Append('”');
        }

        var known = new[] { "type", "instructedAmount", "amount", "currency", "creditorName", "creditor", "creditorAccount", "remittanceInformationUnstructured" };
        return Append(text, detail, known).ToString();
    }

    private static string Generic(JsonElement detail, string type)
    {
        var text = new StringBuilder(type.Replace('_', ' '));
        if (Member(detail, "actions") is { } actions)
        {
            text.Append(": ").Append(List(actions));
        }

        if (Member(detail, "identifier") is { } identifier)
        {
            text.Append(" on ").Append(Value(identifier));
        }

        if (Member(detail, "locations") is { } locations)
        {
            text.Append(" at ").Append(List(locations));
        }

        if (Member(detail, "datatypes") is { } datatypes)
        {
            text.Append(", data: ").Append(List(datatypes));
        }

        if (Member(detail, "privileges") is { } privileges)
        {
            text.Append(", privileges: ").Append(List(privileges));
        }

        return Append(text, detail, Common).ToString();
    }

    /// <summary>Every other member as "name: value", so nothing the client asked for is hidden from the approver.</summary>
    private static StringBuilder Append(StringBuilder text, JsonElement detail, string[] known)
    {
        foreach (var member in detail.EnumerateObject().Where(m => !known.Contains(m.Name, StringComparer.Ordinal)))
        {
            text.Append("; ").Append(member.Name).Append(": ").Append(Value(member.Value));
        }

        return text;
    }

    private static string List(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Join(", ", value.EnumerateArray().Select(Value)) : Value(value);

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetDecimal(out var number) ? number.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "none",
        JsonValueKind.Array => $"[{List(value)}]",
        _ => "{" + string.Join(", ", value.EnumerateObject().Select(m => $"{m.Name}: {Value(m.Value)}")) + "}",
    };

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement? Path(JsonElement element, string first, string second) =>
        Member(element, first) is { } inner ? Member(inner, second) : null;

    private static string? Text(JsonElement element, string name) => Text(Member(element, name));

    private static string? Text(JsonElement? value) => value is { } v && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Value(v) : null;
}
