namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What happened to an approver's decision.</summary>
public enum DecisionResult
{
    /// <summary>The decision was recorded (and is durable).</summary>
    Recorded = 0,

    /// <summary>This approver had already decided; nothing changed.</summary>
    AlreadyDecided = 1,

    /// <summary>The request is no longer pending (decided, expired, cancelled or redeemed); nothing changed.</summary>
    NotPending = 2,

    /// <summary>The request is not routed to this approver (or does not exist); nothing changed.</summary>
    NotRouted = 3,

    /// <summary>The approver is the subject of the request and policy forbids self-approval; nothing changed.</summary>
    SelfApprovalForbidden = 4,

    /// <summary>The approval named scopes or authorization_details beyond what was requested; nothing changed.</summary>
    Broadened = 5,

    /// <summary>The rule asks its approvers to authenticate in a way (or as recently) this decision's authentication did not; nothing changed.</summary>
    StepUpRequired = 6,
}
