namespace DeferredOrleans.Gateway.Api;

/// <summary>Answers a request whose <see cref="ApiBody"/> is not a JSON object with 400, before its handler runs.</summary>
public sealed class ApiBodyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.Arguments.OfType<ApiBody>().FirstOrDefault(b => b.Error is not null) is { Error: { } error }
            ? ValueTask.FromResult<object?>(ApiResults.BadRequest(error))
            : next(context);
}
