using System.Text.Json;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The JSON object body of an approval or admin API request, as a handler parameter. Binding never fails: a body
/// that is not a JSON object carries its <see cref="Error"/>, which <see cref="ApiBodyFilter"/> answers with a 400
/// before the handler runs.
/// </summary>
public sealed class ApiBody
{
    private ApiBody(JsonElement root, string? error)
    {
        Root = root;
        Error = error;
    }

    public JsonElement Root { get; }

    public string? Error { get; }

    public static async ValueTask<ApiBody> BindAsync(HttpContext context)
    {
        var (document, error) = await JsonBody.ReadAsync(context.Request);
        using (document)
        {
            return new ApiBody(document?.RootElement.Clone() ?? default, error);
        }
    }
}
