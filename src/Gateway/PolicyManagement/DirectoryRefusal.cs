namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>Why a runtime directory change was refused; nothing changed.</summary>
/// <param name="Problem">What is wrong, for the caller.</param>
/// <param name="Guarded">The change was valid but alters who counts toward a quorum, which one admin may not do alone.</param>
public sealed record DirectoryRefusal(string Problem, bool Guarded = false);
