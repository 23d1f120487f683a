using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>One AuthZEN resource and action that a token request asks for, and which part of the request it came from.</summary>
public sealed record AccessPair(JsonObject Resource, JsonObject Action, AccessOrigin Origin);
