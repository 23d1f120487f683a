using System.Collections;
using System.Reflection;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Hosting;
using DeferredOrleans.Silo;
using Microsoft.Extensions.Configuration;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Configuration binding adds the configured items of a collection to the items it starts with; it never replaces
/// them. A configuration type whose collection starts non-empty therefore gives its default to everyone, whatever
/// the configuration lists (the client list once granted client_credentials to every client this way).
/// </summary>
public sealed class ConfigurationBindingTests
{
    private const string SecretHash = "pbkdf2-sha256$100000$xNF4brUXVWrQlqFLyQHr8g$bqHwho6ReoPWcWItD7BxVtc_dSe8OLuKLA1hHme_Q2U";

    [Fact]
    public void ConfigurationTypes_CollectionProperties_StartEmpty()
    {
        var offenders = ConfigurationTypes()
            .SelectMany(type => CollectionProperties(type).Select(p => (Type: type, Property: p)))
            .Where(c => c.Property.GetValue(Activator.CreateInstance(c.Type)) is IEnumerable items && items.Cast<object>().Any())
            .Select(c => $"{c.Type.Name}.{c.Property.Name}")
            .ToList();

        Assert.True(offenders.Count == 0, $"collections that start with items, which binding would keep: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void ClientList_ConfiguredGrantTypes_ReplaceTheDefault()
    {
        var clients = GatewayServices.ReadClients(Configuration(
            ("DeferredOrleans:Clients:0:ClientId", "web-app"),
            ("DeferredOrleans:Clients:0:GrantTypes:0", "authorization_code"),
            ("DeferredOrleans:Clients:0:GrantTypes:1", "refresh_token")));

        Assert.Equal(["authorization_code", "refresh_token"], clients.Single().GrantTypes);
    }

    [Fact]
    public void ClientList_ClientWithoutGrantTypes_MayStartNoGrant()
    {
        var clients = GatewayServices.ReadClients(Configuration(("DeferredOrleans:Clients:0:ClientId", "my-api"), ("DeferredOrleans:Clients:0:MayIntrospect", "true")));

        Assert.Empty(clients.Single().GrantTypes);
    }

    [Theory]
    [InlineData(true, "client_credentials", true)]
    [InlineData(true, "authorization_code", false)]
    [InlineData(false, "client_credentials", false)]
    public void ClientRegistry_PublicClientRegisteredForClientCredentials_RefusesToStart(bool isPublic, string grantType, bool refused)
    {
        var client = new ClientRegistration { ClientId = "app", Public = isPublic, SecretHash = isPublic ? null : SecretHash, GrantTypes = [grantType] };

        var problem = Record.Exception(() => new ClientRegistry([client], OrganizationDirectory.From(new DirectoryOptions()), new CallbackOptions()));

        Assert.Equal(refused, problem is ConfigurationProblemException);
        if (refused)
        {
            Assert.Contains("public and cannot use client_credentials", problem!.Message, StringComparison.Ordinal);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    /// <summary>
    /// Every type read from configuration: the options and registration classes of each project, and the classes they
    /// hold (rules, users, keys, …), as long as the binder can create them.
    /// </summary>
    private static HashSet<Type> ConfigurationTypes()
    {
        var assemblies = new[] { typeof(GrainKeys).Assembly, typeof(ConfigurationProblemException).Assembly, typeof(Program).Assembly, typeof(SiloHostOptions).Assembly };
        var pending = new Queue<Type>(assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t == typeof(ClientRegistration))
            .Where(Creatable));
        var found = new HashSet<Type>();
        while (pending.TryDequeue(out var type))
        {
            if (!found.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var held = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments() : [property.PropertyType.GetElementType() ?? property.PropertyType];
                foreach (var candidate in held.Where(t => t.Namespace?.StartsWith("DeferredOrleans.", StringComparison.Ordinal) == true && Creatable(t)))
                {
                    pending.Enqueue(candidate);
                }
            }
        }

        Assert.Contains(typeof(ClientRegistration), found);
        Assert.Contains(typeof(DirectoryUser), found);
        return found;
    }

    private static bool Creatable(Type type) => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && type.GetConstructor(Type.EmptyTypes) is not null;

    private static IEnumerable<PropertyInfo> CollectionProperties(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType));
}
