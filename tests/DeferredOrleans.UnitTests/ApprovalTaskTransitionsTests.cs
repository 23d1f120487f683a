using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Connectors;
using static DeferredOrleans.Core.Connectors.ApprovalTaskEffect;
using static DeferredOrleans.Core.Connectors.ApprovalTaskEvent;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The approval task as a pure function: each case is a state and an event, and the effects (written as short lines)
/// and the next state that must come out. Time is <see cref="Now"/> unless a case says otherwise; jitter is 0.
/// </summary>
public sealed class ApprovalTaskTransitionsTests
{
    private const string Webhook = "https://sn.example/api/tasks";
    private const string Service = "https://ars.example/access/v1/requests";
    private const string StatusEndpoint = "https://ars.example/access/v1/requests/arq_1";
    private const string CancelUrl = "https://ars.example/access/v1/requests/arq_1/cancel";

    private static readonly DateTimeOffset Now = T0.AddMinutes(1);
    private static readonly DateTimeOffset ExpiresAt = T0.AddMinutes(10);
    private static readonly DateTimeOffset ApprovedUntil = T0.AddMinutes(30);

    private static readonly ConnectorOptions Options = new()
    {
        FirstAttemptDelay = TimeSpan.FromSeconds(1),
        MaxAttempts = 3,
        InitialBackoff = TimeSpan.FromSeconds(2),
        MaxBackoff = TimeSpan.FromMinutes(5),
        PollInitialDelay = TimeSpan.FromSeconds(3),
        PollMaxDelay = TimeSpan.FromSeconds(60),
    };

    private static readonly ConnectorTask WebhookTask = NewTask(ConnectorKind.Webhook, Webhook);
    private static readonly ConnectorTask ArapTask = NewTask(ConnectorKind.Arap, Service);

    [Fact]
    public void Apply_Started_StoresTheTaskBeforeSchedulingItsFirstAttempt()
    {
        var step = Apply(new ApprovalTaskState(), new Started(WebhookTask), at: T0);

        AssertEffects(step, "persist Delivering attempts=0", "schedule 1s");
        Assert.Equal((WebhookTask, ApprovalTaskPhase.Delivering, T0.AddSeconds(1)), (step.Next.Task, step.Next.Phase, step.Next.NextAttemptAt));
        Assert.Equal(step.Next, Persisted(step));
    }

    [Fact]
    public void Apply_StartedAgain_ChangesNothing()
    {
        var waiting = Waiting(WebhookTask);

        var step = Apply(waiting, new Started(ArapTask));

        AssertEffects(step);
        Assert.Same(waiting, step.Next);
    }

    [Theory]
    [InlineData(ConnectorKind.Webhook)]
    [InlineData(ConnectorKind.Arap)]
    public void Apply_TickWhileDelivering_CountsTheAttemptDurablyBeforeSending(ConnectorKind kind)
    {
        var step = Apply(Delivering(kind, attempts: 1) with { NextAttemptAt = Now }, new ReminderTick());

        AssertEffects(step, "persist Delivering attempts=2", "deliver");
        Assert.Null(Persisted(step).NextAttemptAt);
    }

    [Fact]
    public void Apply_WebhookDeliveredOk_WaitsUntilExpiry()
    {
        var step = Apply(Delivering(ConnectorKind.Webhook, attempts: 2), new DeliveryAnswered(202));

        AssertEffects(step, "persist Waiting attempts=0", "audit connector.sent: approval task delivered to the webhook (HTTP 202)", "schedule 540s");
    }

    public static TheoryData<int, int, double, double?, string, double> FailedDeliveries() => new()
    {
        // attempts so far, status, jitter, Retry-After (s), why, delay (s)
        { 1, 500, 0, null, "HTTP 500", 2 },
        { 2, 503, 0, null, "HTTP 503", 4 },
        { 1, 0, 0, null, "no answer", 2 },
        { 1, 429, 1, null, "HTTP 429", 1.8 },
        { 1, 429, 0, 30, "HTTP 429", 30 },
        { 2, 503, 0, 1, "HTTP 503", 4 },
    };

    [Theory]
    [MemberData(nameof(FailedDeliveries))]
    public void Apply_WebhookDeliveryFailed_RetriesAfterBackoffOrLongerRetryAfter(int attempts, int status, double jitter, double? retryAfter, string why, double seconds)
    {
        var step = Apply(Delivering(ConnectorKind.Webhook, attempts), new DeliveryAnswered(status, retryAfter is { } r ? TimeSpan.FromSeconds(r) : null), jitter: jitter);

        AssertEffects(step, $"persist Delivering attempts={attempts}", $"audit connector.retry: attempt {attempts} failed ({why}); next in {seconds:0.#} s", $"schedule {seconds:0.##}s");
        Assert.Equal(Now.AddSeconds(seconds), step.Next.NextAttemptAt);
    }

    [Fact]
    public void Apply_DeliveryFailedOnTheLastAttempt_GivesUp()
    {
        var step = Apply(Delivering(ConnectorKind.Webhook, attempts: 3), new DeliveryAnswered(500));

        AssertEffects(step, "audit connector.gave_up: attempt 3 failed (HTTP 500); no attempts left", "persist Finished attempts=0 GaveUp", "schedule 540s");
    }

    [Fact]
    public void Apply_EveryDeliveryFails_RetriesThenGivesUpAfterMaxAttempts()
    {
        var state = Apply(new ApprovalTaskState(), new Started(WebhookTask), at: T0).Next;
        var audits = new List<string>();
        var sends = 0;
        for (var tick = 0; tick < 10 && state.Phase == ApprovalTaskPhase.Delivering; tick++)
        {
            var attempt = Apply(state, new ReminderTick());
            Assert.Equal(state.Attempts + 1, Persisted(attempt).Attempts);
            sends += attempt.Effects.Count(e => e is Deliver);
            var answered = Apply(attempt.Next, new DeliveryAnswered(503));
            audits.AddRange(answered.Effects.OfType<ApprovalTaskEffect.Audit>().Select(a => a.Kind));
            state = answered.Next;
        }

        Assert.Equal(3, sends);
        Assert.Equal(["connector.retry", "connector.retry", "connector.gave_up"], audits);
        Assert.Equal((ApprovalTaskPhase.Finished, ApprovalTaskEnding.GaveUp), (state.Phase, state.Ending));
    }

    [Fact]
    public void Apply_ArapSubmissionPending_RemembersTheTaskAndPollsLater()
    {
        var document = Document("pending", StatusEndpoint, CancelUrl);

        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), new SubmissionAnswered(new ArapReply(ArapReplyKind.Task, document, null, "HTTP 202")));

        AssertEffects(
            step,
            "persist Waiting attempts=0",
            "audit connector.sent: access request submitted (HTTP 202), task arq_1 is pending",
            "persist Waiting attempts=0",
            "schedule 3s");
        var next = step.Next;
        Assert.Equal(("arq_1", StatusEndpoint, CancelUrl, T0.AddHours(1)), (next.RemoteTaskId, next.StatusEndpoint, next.CancelUrl, next.RemoteExpiresAt));
        Assert.Equal(("pending", 1, Now.AddSeconds(3)), (next.LastStatus, next.Polls, next.NextAttemptAt));
    }

    [Fact]
    public void Apply_ArapSubmissionWithAForeignCancelLink_DropsTheLink()
    {
        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), Submitted(Document("pending", StatusEndpoint, "https://evil.example/cancel")));

        Assert.Equal((ApprovalTaskPhase.Waiting, StatusEndpoint, null), (step.Next.Phase, step.Next.StatusEndpoint, step.Next.CancelUrl));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example/access/v1/requests/arq_1")]
    [InlineData("http://ars.example/access/v1/requests/arq_1")]
    public void Apply_ArapPendingSubmissionWithoutAStatusEndpointOnTheServiceOrigin_Denies(string? endpoint)
    {
        var delivering = Delivering(ConnectorKind.Arap, attempts: 1);

        var step = Apply(delivering, Submitted(Document("pending", endpoint)));

        AssertEffects(step, "decide deny: the task's status endpoint is missing or not on the access request service's origin");
        Assert.Same(delivering, step.Next);
    }

    [Fact]
    public void Apply_ArapSubmissionApprovedAtOnce_ReevaluatesWithoutAStatusEndpoint()
    {
        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), new SubmissionAnswered(new ArapReply(ArapReplyKind.Task, Approved(endpoint: null), null, "HTTP 201")));

        AssertEffects(step, "persist Waiting attempts=0", "audit connector.sent: access request submitted (HTTP 201), task arq_1 is approved", "reevaluate apr_1");
    }

    [Theory]
    [InlineData(ArapReplyKind.Rejected, "HTTP 400 not_requestable")]
    [InlineData(ArapReplyKind.Gone, "HTTP 410 task_expired")]
    public void Apply_ArapSubmissionRefused_Denies(ArapReplyKind kind, string detail)
    {
        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), new SubmissionAnswered(new ArapReply(kind, null, null, detail)));

        AssertEffects(step, $"decide deny: the access request was refused ({detail})");
    }

    [Theory]
    [InlineData(null, 2)]
    [InlineData(10.0, 10)]
    public void Apply_ArapSubmissionNotAnswered_RetriesAfterBackoffOrRetryAfter(double? retryAfter, int seconds)
    {
        var reply = new ArapReply(ArapReplyKind.Retry, null, retryAfter is { } r ? TimeSpan.FromSeconds(r) : null, "HTTP 503");

        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), new SubmissionAnswered(reply));

        AssertEffects(step, "persist Delivering attempts=1", $"audit connector.retry: attempt 1 failed (HTTP 503); next in {seconds} s", $"schedule {seconds}s");
    }

    [Fact]
    public void Apply_TickWhileArapWaiting_ReadsTheStatusWithoutWriting()
    {
        AssertEffects(Apply(Waiting(ArapTask), new ReminderTick()), $"read {StatusEndpoint}");
    }

    [Fact]
    public void Apply_ArapStatusStillPending_OnlySchedulesTheNextPoll()
    {
        var waiting = Waiting(ArapTask);

        var first = Apply(waiting, Read(Document("pending", StatusEndpoint)));
        var second = Apply(first.Next, Read(Document("pending", StatusEndpoint)), at: Now.AddSeconds(6));

        AssertEffects(first, "schedule 6s");
        AssertEffects(second, "schedule 12s");
        Assert.Equal((3, Now.AddSeconds(18)), (second.Next.Polls, second.Next.NextAttemptAt));
    }

    [Fact]
    public void Apply_ArapPollAsksRetryAfter_WaitsAtLeastThatLong()
    {
        var step = Apply(Waiting(ArapTask), new StatusRead(new ArapReply(ArapReplyKind.Task, Document("pending", StatusEndpoint), TimeSpan.FromSeconds(45), "HTTP 200")));

        AssertEffects(step, "schedule 45s");
    }

    [Fact]
    public void Apply_ArapUnknownStatus_AuditedOnceAndStillPolled()
    {
        var first = Apply(Waiting(ArapTask), Read(Document("on_hold", StatusEndpoint)));
        var again = Apply(first.Next, Read(Document("on_hold", StatusEndpoint)));

        AssertEffects(first, "persist Waiting attempts=0", "audit connector.unknown_status: unknown task status 'on_hold': not approved, still waiting", "schedule 6s");
        AssertEffects(again, "schedule 12s");
        Assert.Equal("on_hold", again.Next.LastStatus);
    }

    [Theory]
    [InlineData("denied", "the task was denied")]
    [InlineData("failed", "the task was failed")]
    [InlineData("expired", "the task expired at the access request service")]
    [InlineData("partial", "the task was approved only in part")]
    public void Apply_ArapStatusEndsWithoutApproval_Denies(string status, string why)
    {
        AssertEffects(Apply(Waiting(ArapTask), Read(Document(status, StatusEndpoint))), $"decide deny: {why}");
    }

    [Fact]
    public void Apply_ArapTaskExpiredAtTheService_DeniesWithoutReading()
    {
        var expired = Waiting(ArapTask) with { RemoteExpiresAt = Now };

        AssertEffects(Apply(expired, new ReminderTick()), "decide deny: the task expired at the access request service");
    }

    [Fact]
    public void Apply_ArapWaitingWithoutStatusEndpoint_Denies()
    {
        AssertEffects(Apply(Waiting(ArapTask) with { StatusEndpoint = null }, new ReminderTick()), "decide deny: the task has no status endpoint to follow");
    }

    [Fact]
    public void Apply_ArapStatusReadFails_AuditsAndPollsLater()
    {
        var step = Apply(Waiting(ArapTask), new StatusRead(new ArapReply(ArapReplyKind.Retry, null, TimeSpan.FromSeconds(20), "HTTP 503")));

        AssertEffects(step, "audit connector.retry: status read failed (HTTP 503); polling again later", "schedule 20s");
    }

    [Fact]
    public void Apply_ArapTaskGone_Denies()
    {
        var step = Apply(Waiting(ArapTask), new StatusRead(new ArapReply(ArapReplyKind.Gone, null, null, "HTTP 404 unknown_task")));

        AssertEffects(step, "decide deny: the task is gone (HTTP 404 unknown_task)");
    }

    [Fact]
    public void Apply_ArapStatusApproved_ReevaluatesBeforeItCounts()
    {
        var step = Apply(Waiting(ArapTask), Read(Approved()));

        AssertEffects(step, "reevaluate apr_1");
        var asked = Assert.IsType<Reevaluate>(Assert.Single(step.Effects));
        Assert.Equal((VerdictKind.Approved, "apr_1", ApprovedUntil), (asked.Verdict.Kind, asked.Verdict.Reference, asked.Verdict.ApprovedUntil));
    }

    [Fact]
    public void Apply_ReevaluationAllows_ApprovesWithTheWorkflowReferenceAndExpiry()
    {
        var step = Apply(Waiting(ArapTask), new ReevaluationAnswered(Reevaluation(), Allowed: true));

        AssertEffects(step, "decide approve: workflow apr_1: the task was approved");
        var decision = Assert.IsType<Decide>(Assert.Single(step.Effects)).Decision;
        Assert.Equal(("access-board", "apr_1", ApprovedUntil), (decision.ApproverId, decision.WorkflowRef, decision.ApprovedUntil));
    }

    [Fact]
    public void Apply_ReevaluationDenies_Denies()
    {
        var step = Apply(Waiting(ArapTask), new ReevaluationAnswered(Reevaluation(), Allowed: false));

        AssertEffects(step, "decide deny: workflow apr_1: approved, but the re-evaluation with the approval denied");
    }

    [Fact]
    public void Apply_ReevaluationUnanswered_AuditsAndPollsAgain()
    {
        var step = Apply(Waiting(ArapTask), new ReevaluationAnswered(Reevaluation(retryAfter: TimeSpan.FromSeconds(9)), Allowed: null));

        AssertEffects(step, "audit connector.retry: approved, but the re-evaluation got no answer; trying again later", "schedule 9s");
    }

    [Fact]
    public void Apply_WebhookApproves_DecidesWithItsNarrowingReferenceAndReason()
    {
        var step = Apply(Waiting(WebhookTask), new OutcomeReported(new ConnectorOutcome("approved", "INC1", "looks fine", ["doc:write"], """[{"type":"x"}]""")));

        AssertEffects(step, "decide approve: workflow INC1: looks fine");
        var decision = Assert.IsType<Decide>(Assert.Single(step.Effects)).Decision;
        Assert.Equal(("change-board", "doc:write", """[{"type":"x"}]""", "INC1"), (decision.ApproverId, Assert.Single(decision.Scopes!.Value), decision.AuthorizationDetails, decision.WorkflowRef));
    }

    [Fact]
    public void Apply_WebhookRejects_DeniesAndIgnoresANarrowing()
    {
        var step = Apply(Waiting(WebhookTask), new OutcomeReported(new ConnectorOutcome("rejected", "CHG2", Scopes: ["doc:write"])));

        AssertEffects(step, "decide deny: workflow CHG2: the workflow reported rejected");
        Assert.Null(Assert.IsType<Decide>(Assert.Single(step.Effects)).Decision.Scopes);
    }

    [Fact]
    public void Apply_WebhookReportsPending_RecordsTheStatusAndIgnoresIt()
    {
        var step = Apply(Waiting(WebhookTask), new OutcomeReported(new ConnectorOutcome("pending")));

        AssertEffects(step, "persist Waiting attempts=0", "reply Ignored");
        Assert.Equal("pending", step.Next.LastStatus);
    }

    [Fact]
    public void Apply_WebhookUnknownStatus_AuditedOnceAndIgnored()
    {
        var first = Apply(Waiting(WebhookTask), new OutcomeReported(new ConnectorOutcome("approved-ish", "INC1")));
        var again = Apply(first.Next, new OutcomeReported(new ConnectorOutcome("approved-ish", "INC1")));

        AssertEffects(first, "persist Waiting attempts=0", "audit connector.unknown_status: unknown workflow status 'approved-ish': not approved, still waiting", "reply Ignored");
        AssertEffects(again, "reply Ignored");
    }

    public static TheoryData<string, string> OutcomesThatDecideNothing() => new()
    {
        { "no task", "reply UnknownTask" },
        { "arap task", "reply UnknownTask" },
        { "finished", "reply NotPending" },
        { "cancelling", "reply NotPending" },
    };

    [Theory]
    [MemberData(nameof(OutcomesThatDecideNothing))]
    public void Apply_WebhookOutcomeForNoOpenWebhookTask_Refused(string task, string reply)
    {
        var state = task switch
        {
            "no task" => new ApprovalTaskState(),
            "arap task" => Waiting(ArapTask),
            "finished" => Waiting(WebhookTask) with { Phase = ApprovalTaskPhase.Finished, Ending = ApprovalTaskEnding.Cancelled },
            _ => Waiting(WebhookTask) with { Phase = ApprovalTaskPhase.Cancelling, Ending = ApprovalTaskEnding.Cancelled },
        };

        var step = Apply(state, new OutcomeReported(new ConnectorOutcome("approved")));

        AssertEffects(step, reply);
        Assert.Same(state, step.Next);
    }

    [Fact]
    public void Apply_WebhookDecisionRecorded_FinishesAndAnswersWithTheRequestStatus()
    {
        var step = Apply(Waiting(WebhookTask), Answered(WebhookDecision(), DecisionResult.Recorded, DeferralStatus.Approved));

        AssertEffects(step, "audit connector.outcome: the workflow approved: approve recorded", "persist Finished attempts=0 Decided", "schedule 540s", "reply Recorded Approved");
    }

    [Fact]
    public void Apply_WebhookDecisionNotRecorded_FinishesNotPending()
    {
        var step = Apply(Waiting(WebhookTask), Answered(WebhookDecision(), DecisionResult.NotPending, DeferralStatus.Denied));

        AssertEffects(step, "audit connector.outcome: the workflow approved: approve not recorded (NotPending)", "persist Finished attempts=0 NotPending", "schedule 540s", "reply NotPending Denied");
    }

    [Fact]
    public void Apply_WebhookDecisionBroadened_AnswersInvalidAndKeepsWaiting()
    {
        var waiting = Waiting(WebhookTask);

        var step = Apply(waiting, Answered(WebhookDecision(), DecisionResult.Broadened, DeferralStatus.Pending));

        AssertEffects(step, "audit connector.outcome: the workflow approved: approve not recorded (Broadened)", "reply Invalid Pending");
        Assert.Same(waiting, step.Next);
    }

    [Theory]
    [InlineData(DecisionResult.Recorded, "recorded", "Decided", "reply Recorded")]
    [InlineData(DecisionResult.NotPending, "not recorded (NotPending)", "NotPending", "reply Ignored")]
    [InlineData(DecisionResult.AlreadyDecided, "not recorded (AlreadyDecided)", "NotPending", "reply Ignored")]
    public void Apply_ArapDecisionAnswered_FinishesAndTheCallbackHearsOnlyWhetherItDecided(DecisionResult result, string recorded, string ending, string reply)
    {
        var decide = new Decide(new ApproverDecision("access-board", true, "workflow apr_1: the task was approved", WorkflowRef: "apr_1"), "the task was approved");

        var step = Apply(Waiting(ArapTask), Answered(decide, result, DeferralStatus.Approved));

        AssertEffects(step, $"audit connector.outcome: the task was approved: approve {recorded}", $"persist Finished attempts=0 {ending}", "schedule 540s", reply);
    }

    [Fact]
    public void Apply_WebhookDecisionFailedToRecord_RethrowsSoTheSenderRetries()
    {
        var waiting = Waiting(WebhookTask);
        var error = new TimeoutException("the deferral did not answer");

        var step = Apply(waiting, new DecisionFailed(WebhookDecision(), error));

        Assert.Same(error, Assert.IsType<Rethrow>(Assert.Single(step.Effects)).Error);
        Assert.Same(waiting, step.Next);
    }

    [Fact]
    public void Apply_ArapDecisionFailedToRecord_ReadsTheStatusAgainLater()
    {
        var step = Apply(Waiting(ArapTask), new DecisionFailed(WebhookDecision(), new TimeoutException()));

        AssertEffects(step, "schedule 6s");
    }

    [Fact]
    public void Apply_ArapDecisionFailedToRecordWithoutStatusEndpoint_RetriesTheSubmission()
    {
        var step = Apply(Delivering(ConnectorKind.Arap, attempts: 1), new DecisionFailed(WebhookDecision(), new TimeoutException()));

        AssertEffects(step, "persist Delivering attempts=1", "audit connector.retry: attempt 1 failed (the outcome could not be recorded); next in 2 s", "schedule 2s");
    }

    [Fact]
    public void Apply_ArapCallbackWhileWaiting_ReadsTheStatusAndAnswersIgnoredUnlessDecided()
    {
        AssertEffects(Apply(Waiting(ArapTask), new CallbackReceived()), "reply Ignored", $"read {StatusEndpoint}");
    }

    [Fact]
    public void Apply_ArapCallbackWhileDelivering_SubmitsNow()
    {
        AssertEffects(Apply(Delivering(ConnectorKind.Arap, attempts: 1), new CallbackReceived()), "reply Ignored", "persist Delivering attempts=2", "deliver");
    }

    [Fact]
    public void Apply_CallbackForAWebhookOrFinishedTask_Refused()
    {
        AssertEffects(Apply(Waiting(WebhookTask), new CallbackReceived()), "reply UnknownTask");
        AssertEffects(Apply(new ApprovalTaskState(), new CallbackReceived()), "reply UnknownTask");
        AssertEffects(Apply(Waiting(ArapTask) with { Phase = ApprovalTaskPhase.Finished }, new CallbackReceived()), "reply NotPending");
    }

    public static TheoryData<string, string, string> Cancellations() => new()
    {
        // task, phase it ends in, reminder
        { "webhook delivering", "Finished", "540s" },
        { "arap delivering", "Finished", "540s" },
        { "webhook waiting", "Cancelling", "0s" },
        { "arap waiting", "Cancelling", "0s" },
        { "arap waiting without cancel link", "Finished", "540s" },
    };

    [Theory]
    [MemberData(nameof(Cancellations))]
    public void Apply_CancelWhileOpen_EndsAndTellsTheSystemOnlyIfItHoldsAnOpenTask(string task, string phase, string reminder)
    {
        var step = Apply(Named(task), new CancellationRequested());

        AssertEffects(step, "audit connector.cancelled: the request ended before the workflow decided", $"persist {phase} attempts=0 Cancelled", $"schedule {reminder}");
        Assert.Null(step.Next.NextAttemptAt);
    }

    [Theory]
    [InlineData(ApprovalTaskPhase.Finished)]
    [InlineData(ApprovalTaskPhase.Cancelling)]
    public void Apply_CancelWhenNotOpen_ChangesNothing(ApprovalTaskPhase phase)
    {
        AssertEffects(Apply(Waiting(ArapTask) with { Phase = phase }, new CancellationRequested()));
        AssertEffects(Apply(new ApprovalTaskState(), new CancellationRequested()));
    }

    public static TheoryData<string, string[]> Expiries() => new()
    {
        { "webhook delivering", ["audit connector.cancelled: the request expired before the workflow decided", "persist Finished attempts=0 Expired", "schedule 0s"] },
        { "arap delivering", ["audit connector.cancelled: the request expired before the workflow decided", "persist Finished attempts=0 Expired", "schedule 0s"] },
        { "webhook waiting", ["audit connector.cancelled: the request expired before the workflow decided", "persist Cancelling attempts=0 Expired", "schedule 0s"] },
        { "arap waiting", ["audit connector.cancelled: the request expired before the workflow decided", "persist Cancelling attempts=0 Expired", "schedule 0s"] },
        { "arap waiting without cancel link", ["audit connector.cancelled: the request expired before the workflow decided", "persist Finished attempts=0 Expired", "schedule 0s"] },
        { "cancelling", ["persist Cancelling attempts=1 Cancelled", "tell ended"] },
        { "finished", ["forget"] },
    };

    [Theory]
    [MemberData(nameof(Expiries))]
    public void Apply_TickAtExpiry_EndsTheTaskInEachPhase(string task, string[] effects)
    {
        AssertEffects(Apply(Named(task), new ReminderTick(), at: ExpiresAt), effects);
    }

    [Fact]
    public void Apply_TickWhileWebhookWaiting_OnlyWaitsForExpiry()
    {
        AssertEffects(Apply(Waiting(WebhookTask), new ReminderTick()), "schedule 540s");
    }

    [Fact]
    public void Apply_TickWhenFinished_KeepsTheTaskUntilExpiryThenForgetsIt()
    {
        var finished = Waiting(WebhookTask) with { Phase = ApprovalTaskPhase.Finished, Ending = ApprovalTaskEnding.Decided };

        var before = Apply(finished, new ReminderTick());
        var after = Apply(finished, new ReminderTick(), at: ExpiresAt.AddSeconds(1));

        AssertEffects(before, "schedule 540s");
        AssertEffects(after, "forget");
        Assert.Equal(new ApprovalTaskState(), after.Next);
    }

    [Fact]
    public void Apply_TickWithoutATask_Forgets()
    {
        AssertEffects(Apply(new ApprovalTaskState(), new ReminderTick()), "forget");
    }

    [Fact]
    public void Apply_TickWhileCancelling_CountsTheNoticeDurablyBeforeSendingIt()
    {
        AssertEffects(Apply(Named("cancelling"), new ReminderTick()), "persist Cancelling attempts=1 Cancelled", "tell ended");
    }

    [Theory]
    [InlineData(ConnectorKind.Arap, "the access request was cancelled at the service")]
    [InlineData(ConnectorKind.Webhook, "the webhook was told the task ended")]
    public void Apply_EndNoticeSent_Finishes(ConnectorKind kind, string detail)
    {
        var cancelling = Named("cancelling") with { Task = kind == ConnectorKind.Arap ? ArapTask : WebhookTask, Attempts = 1 };

        var step = Apply(cancelling, new EndNoticeSent(Done: true));

        AssertEffects(step, $"audit connector.cancel_sent: {detail}", "persist Finished attempts=1 Cancelled", "schedule 540s");
    }

    [Theory]
    [InlineData(1, "schedule 2s")]
    [InlineData(2, "schedule 4s")]
    [InlineData(3, "audit connector.cancel_sent: the access request was cancelled at the service")]
    public void Apply_ArapCancelNotAnswered_TriesAgainUpToThreeTimes(int attempts, string first)
    {
        var step = Apply(Named("cancelling") with { Attempts = attempts }, new EndNoticeSent(Done: false));

        Assert.Equal(first, Show(step.Effects[0]));
        Assert.Equal(attempts < ApprovalTaskTransitions.MaxCancelAttempts ? ApprovalTaskPhase.Cancelling : ApprovalTaskPhase.Finished, step.Next.Phase);
    }

    [Theory]
    [InlineData("webhook delivering")]
    [InlineData("arap waiting")]
    public void Apply_SecretsUnreadable_GivesUp(string task)
    {
        AssertEffects(
            Apply(Named(task), new SecretsUnreadable()),
            "audit connector.gave_up: the connector's sealed secrets cannot be read",
            "persist Finished attempts=0 GaveUp",
            "schedule 540s");
    }

    [Fact]
    public void Apply_SecretsUnreadableWhileCancelling_FinishesAsIfTold()
    {
        AssertEffects(
            Apply(Named("cancelling") with { Attempts = 1 }, new SecretsUnreadable()),
            "audit connector.cancel_sent: the access request was cancelled at the service",
            "persist Finished attempts=1 Cancelled",
            "schedule 540s");
    }

    [Fact]
    public void Apply_AnswerTheTaskNoLongerWaitsFor_ChangesNothing()
    {
        var finished = Waiting(ArapTask) with { Phase = ApprovalTaskPhase.Finished };

        foreach (var late in new ApprovalTaskEvent[] { new DeliveryAnswered(202), Read(Approved()), new EndNoticeSent(true), Answered(WebhookDecision(), DecisionResult.Recorded, DeferralStatus.Approved) })
        {
            var step = Apply(finished, late);
            AssertEffects(step);
            Assert.Same(finished, step.Next);
        }
    }

    [Fact]
    public void Apply_SameInputs_SameStep()
    {
        var state = Delivering(ConnectorKind.Webhook, attempts: 2);

        var one = Apply(state, new DeliveryAnswered(503), jitter: 0.37);
        var two = Apply(state, new DeliveryAnswered(503), jitter: 0.37);

        Assert.Equal(one.Next, two.Next);
        Assert.Equal<ApprovalTaskEffect>(one.Effects, two.Effects);
    }

    [Theory]
    [InlineData("decided", ApprovalTaskEnding.Decided)]
    [InlineData("not_pending", ApprovalTaskEnding.NotPending)]
    [InlineData("cancelled", ApprovalTaskEnding.Cancelled)]
    [InlineData("expired", ApprovalTaskEnding.Expired)]
    [InlineData("gave_up", ApprovalTaskEnding.GaveUp)]
    public void Upgraded_EndingStoredAsAWord_BecomesTheEnumAndShowsAsTheSameWord(string word, ApprovalTaskEnding ending)
    {
        var stored = Waiting(WebhookTask) with { Phase = ApprovalTaskPhase.Finished, LegacyEnding = word };

        var upgraded = stored.Upgraded();

        Assert.Equal((ending, null), (upgraded.Ending, upgraded.LegacyEnding));
        Assert.Equal(word, upgraded.View()!.Ending);
    }

    [Fact]
    public void View_WithoutATask_IsNull_RunningTaskHasNoEnding()
    {
        Assert.Null(new ApprovalTaskState().View());
        Assert.Null(Waiting(WebhookTask).View()!.Ending);
    }

    private static ApprovalTaskStep Apply(ApprovalTaskState state, ApprovalTaskEvent happened, DateTimeOffset? at = null, double jitter = 0) =>
        ApprovalTaskTransitions.Apply(state, happened, at ?? Now, jitter, Options);

    private static void AssertEffects(ApprovalTaskStep step, params string[] expected) => Assert.Equal(expected, step.Effects.Select(Show));

    private static ApprovalTaskState Persisted(ApprovalTaskStep step) => step.Effects.OfType<Persist>().Single().State;

    /// <summary>An effect as one short line, so that a case reads as the list of what the grain will do.</summary>
    private static string Show(ApprovalTaskEffect effect) => effect switch
    {
        Persist persist => $"persist {persist.State.Phase} attempts={persist.State.Attempts}" + (persist.State.Ending == ApprovalTaskEnding.None ? "" : $" {persist.State.Ending}"),
        Schedule schedule => $"schedule {schedule.Delay.TotalSeconds:0.##}s",
        ApprovalTaskEffect.Audit audit => $"audit {audit.Kind}: {audit.Detail}",
        Reply reply => $"reply {reply.Answer.Result}" + (reply.Answer.Status is { } status ? $" {status}" : ""),
        Deliver => "deliver",
        ReadStatus read => $"read {read.Endpoint}",
        Reevaluate reevaluate => $"reevaluate {reevaluate.Approved.ApprovalId}",
        Decide decide => $"decide {(decide.Decision.Approve ? "approve" : "deny")}: {decide.Decision.Reason}",
        TellEnded => "tell ended",
        Rethrow rethrow => $"rethrow {rethrow.Error.GetType().Name}",
        Forget => "forget",
        _ => effect.ToString(),
    };

    private static ConnectorTask NewTask(ConnectorKind kind, string url)
    {
        var approver = kind == ConnectorKind.Arap ? "access-board" : "change-board";
        var binding = new ConnectorBinding(approver, kind, url, [], $"https://as.example/connectors/{approver}/callback", TimeSpan.FromSeconds(5));
        return new ConnectorTask("deferral-id", binding, Pending().Request!, "deploy", T0, ExpiresAt, T0.AddHours(1));
    }

    private static ApprovalTaskState Delivering(ConnectorKind kind, int attempts) =>
        new() { Task = kind == ConnectorKind.Arap ? ArapTask : WebhookTask, Phase = ApprovalTaskPhase.Delivering, Attempts = attempts };

    private static ApprovalTaskState Waiting(ConnectorTask task) => task.Binding.Kind == ConnectorKind.Arap
        ? new() { Task = task, Phase = ApprovalTaskPhase.Waiting, RemoteTaskId = "arq_1", StatusEndpoint = StatusEndpoint, CancelUrl = CancelUrl, RemoteExpiresAt = T0.AddHours(1), LastStatus = "pending", Polls = 1 }
        : new() { Task = task, Phase = ApprovalTaskPhase.Waiting };

    private static ApprovalTaskState Named(string name) => name switch
    {
        "webhook delivering" => Delivering(ConnectorKind.Webhook, attempts: 1),
        "arap delivering" => Delivering(ConnectorKind.Arap, attempts: 1),
        "webhook waiting" => Waiting(WebhookTask),
        "arap waiting" => Waiting(ArapTask),
        "arap waiting without cancel link" => Waiting(ArapTask) with { CancelUrl = null },
        "cancelling" => Waiting(ArapTask) with { Phase = ApprovalTaskPhase.Cancelling, Ending = ApprovalTaskEnding.Cancelled },
        "finished" => Waiting(ArapTask) with { Phase = ApprovalTaskPhase.Finished, Ending = ApprovalTaskEnding.Decided },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static ArapTaskDocument Document(string status, string? endpoint = null, string? cancel = null) =>
        new("arq_1", status, endpoint, cancel, T0.AddHours(1), null, null, null);

    private static ArapTaskDocument Approved(string? endpoint = StatusEndpoint) =>
        new("arq_1", "approved", endpoint, CancelUrl, T0.AddHours(1), "reevaluate", "apr_1", ApprovedUntil);

    private static SubmissionAnswered Submitted(ArapTaskDocument document) => new(new ArapReply(ArapReplyKind.Task, document, null, "HTTP 202"));

    private static StatusRead Read(ArapTaskDocument document) => new(new ArapReply(ArapReplyKind.Task, document, null, "HTTP 200"));

    private static Reevaluate Reevaluation(TimeSpan? retryAfter = null)
    {
        var approved = Approved();
        return new Reevaluate(approved, StatusMapping.Arap(approved, Now), retryAfter);
    }

    private static Decide WebhookDecision() =>
        new(new ApproverDecision("change-board", true, "workflow INC1: the workflow approved", WorkflowRef: "INC1"), "the workflow approved");

    private static DecisionAnswered Answered(Decide decide, DecisionResult result, DeferralStatus status) => new(decide, new DecisionOutcome(result, status, []));
}
