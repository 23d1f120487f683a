namespace DeferredOrleans.Gateway.Api;

/// <summary>An error of the approval and admin APIs, shaped like RFC 6749 §5.2.</summary>
/// <param name="Error">One of <see cref="ApiErrors"/>.</param>
/// <param name="ErrorDescription">For a person reading it; never names approvers or personal data.</param>
public sealed record ApiError(string Error, string ErrorDescription);
