using System.Text.Json.Serialization;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>
/// RFC 9728 §2 protected-resource metadata. <c>token_audience</c> is an extension member (§2 allows them): the RFC
/// 8707 resource indicator under which the authorization server knows a document (<c>doc-789</c>), since its
/// directory names documents rather than URLs.
/// </summary>
public sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] string[] AuthorizationServers,
    [property: JsonPropertyName("scopes_supported")] string[] ScopesSupported,
    [property: JsonPropertyName("bearer_methods_supported")] string[] BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName,
    [property: JsonPropertyName("token_audience"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenAudience = null);
