using DeferredOrleans.Abstractions.Authorization;
namespace DeferredOrleans.Grains.Authorization;

[GenerateSerializer, Alias("DeferredOrleans.AuthorizationCodeState")]
public sealed class AuthorizationCodeState
{
    [Id(0)] public AuthorizationCodeData? Data { get; set; }
}
