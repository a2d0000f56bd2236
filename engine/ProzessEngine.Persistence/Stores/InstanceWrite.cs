using System.Text.Json;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Routing;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// The statements of one command's write: the instance row (inserted, or updated under its revision), the rows its
/// intents ask for (tasks, timers, jobs, incidents) and one journal entry. A row created and withdrawn within the same
/// command is never written. The instance statement comes first, so that a lost race stops the write before anything else.
/// </summary>
internal sealed class InstanceWrite
{
    private readonly SqlDialect _dialect;
    private readonly List<Statement> _head = [];
    private readonly List<Statement> _rows = [];
    private readonly Dictionary<long, object?[]> _newTimers = [];
    private readonly Dictionary<long, object?[]> _newJobs = [];
    private readonly Dictionary<long, object?[]> _newIncidents = [];

    private List<long>? _outbox;
    private Func<long>? _nextKey;

    public InstanceWrite(SqlDialect dialect) => _dialect = dialect;

    /// <summary>The outbox rows this write adds: carry them out after commit.</summary>
    public IReadOnlyList<long> OutboxKeys => (IReadOnlyList<long>?)_outbox ?? [];

    public IReadOnlyList<Statement> Statements => [.. _head, .. _rows, .. NewRows()];

    /// <summary>Sequence and hash of the journal entry this write appends.</summary>
    public (int Sequence, string Hash) Journal { get; private set; }

    public static InstanceWrite ForNewInstance(SqlDialect dialect, DeployedProcess process, ExecutionResult result, int? latestVersionGuard,
        Func<long> nextKey)
    {
        var write = new InstanceWrite(dialect) { _nextKey = nextKey };
        var state = result.Instance;
        if (latestVersionGuard is { } version)
        {
            write.GuardLatestVersion(process.TenantId, process.ProcessId, version);
        }

        var (sequence, hash, journal) = write.JournalEntry(state.Key, 0, JournalChain.Genesis, result.Command, result.Actor, result.At, result.Events);
        write._head.Add(new Statement(
            """
            INSERT INTO process_instances ("Key", "DefinitionKey", "ProcessId", "Version", "TenantId", "Status", "HasIncident", "StartedAt", "EndedAt",
                "State", "JournalSequence", "JournalHash", "Revision")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)
            """,
            [state.Key, process.Key, process.ProcessId, process.Version, process.TenantId, InstanceStatuses.From(state.Status), state.HasIncident,
                dialect.Instant(state.StartedAt), dialect.Instant(state.EndedAt), InstanceStateSerializer.Serialize(state), sequence, hash]));
        write.ApplyIntents(result, state.Key, process.Key, process.ProcessId, process.Version, process.TenantId);
        write._rows.Add(journal);
        return write;
    }

    public static InstanceWrite ForExistingInstance(SqlDialect dialect, InstanceRow row, ExecutionResult result, Func<long> nextKey)
    {
        var write = new InstanceWrite(dialect) { _nextKey = nextKey };
        var state = result.Instance;
        var (sequence, hash, journal) = write.JournalEntry(row.Key, row.JournalSequence, row.JournalHash, result.Command, result.Actor, result.At,
            result.Events);
        write.UpdateInstance(row, [InstanceStatuses.From(state.Status), state.HasIncident, dialect.Instant(state.EndedAt), InstanceStateSerializer.Serialize(state)],
            sequence, hash);
        write.ApplyIntents(result, row.Key, row.DefinitionKey, row.ProcessId, row.Version, row.TenantId);
        write._rows.Add(journal);
        return write;
    }

    /// <summary>A clerk's action that changes a task row but not the instance's state: bump the revision, journal it.</summary>
    public static InstanceWrite ForUserAction(SqlDialect dialect, InstanceRow row, string command, CommandActor actor, DateTimeOffset at,
        JournalEvent journalEvent, Statement change)
    {
        var write = new InstanceWrite(dialect);
        var (sequence, hash, journal) = write.JournalEntry(row.Key, row.JournalSequence, row.JournalHash, command, actor, at, [journalEvent]);
        write.UpdateInstance(row, null, sequence, hash);
        write._rows.Add(change);
        write._rows.Add(journal);
        return write;
    }

    /// <summary>
    /// Consumes the outbox row this command carries out; when another node consumed it first, the whole write fails as
    /// stale and the retry finds the row gone.
    /// </summary>
    public void ConsumeOutbox(long outboxKey) => _rows.Add(OutboxStore.Consume(_dialect, outboxKey));

    /// <summary>A statement appended after the command's own rows (in the same transaction).</summary>
    public void Add(Statement statement) => _rows.Add(statement);

    /// <summary>Adds an outbox row in this write's transaction.</summary>
    public long AddOutbox(string kind, long sourceInstanceKey, string tenantId, DateTimeOffset at, OutboxWork work)
    {
        var key = _nextKey!();
        (_outbox ??= []).Add(key);
        _rows.Add(OutboxStore.Insert(_dialect, key, kind, sourceInstanceKey, tenantId, at, work));
        return key;
    }

    /// <summary>
    /// Fails the write as stale when <paramref name="other"/>, an instance this write depends on but does not change,
    /// was changed since it was read. On PostgreSQL the row is share-locked until commit, so that a command on it waits
    /// for this write instead of slipping in between the check and the commit.
    /// </summary>
    public void RequireUnchanged(InstanceRow other)
    {
        const string Reason = "an instance this write depends on was changed concurrently";
        _rows.Add(_dialect.IsPostgreSql
            ? new Statement($"""
                WITH kept AS (SELECT 1 FROM process_instances WHERE "Key" = $1 AND "Revision" = $2 FOR SHARE)
                SELECT engine_check(count(*) = 1, '{Reason}') FROM kept
                """, [other.Key, other.Revision])
            : new Statement("""UPDATE process_instances SET "Revision" = "Revision" WHERE "Key" = $1 AND "Revision" = $2""", [other.Key, other.Revision],
                StatementCheck.OneRowChanged));
    }

    /// <summary>Removes a timer row whose element no longer waits for it, so that it never fires again.</summary>
    public void DeleteTimer(long timerKey) =>
        _rows.Add(new Statement("""DELETE FROM timers WHERE "Key" = $1""", [timerKey]));

    private void GuardLatestVersion(string tenantId, string processId, int version)
    {
        const string Newer = """SELECT 1 FROM process_definitions WHERE "TenantId" = $1 AND "ProcessId" = $2 AND "Version" > $3""";
        _head.Add(_dialect.IsPostgreSql
            ? new Statement($"SELECT engine_check(NOT EXISTS ({Newer}), 'a newer version of the process was deployed')", [tenantId, processId, version])
            : new Statement(Newer + " LIMIT 1", [tenantId, processId, version], StatementCheck.NoRow));
    }

    private void UpdateInstance(InstanceRow row, object?[]? stateColumns, int sequence, string hash)
    {
        var set = stateColumns is null
            ? """ "JournalSequence" = $3, "JournalHash" = $4, "Revision" = $2 + 1 """
            : """ "JournalSequence" = $3, "JournalHash" = $4, "Revision" = $2 + 1, "Status" = $5, "HasIncident" = $6, "EndedAt" = $7, "State" = $8 """;
        var update = $"""UPDATE process_instances SET {set} WHERE "Key" = $1 AND "Revision" = $2""";
        object?[] values = stateColumns is null ? [row.Key, row.Revision, sequence, hash] : [row.Key, row.Revision, sequence, hash, .. stateColumns];
        _head.Add(_dialect.IsPostgreSql
            ? new Statement(
                $"WITH changed AS ({update} RETURNING 1) SELECT engine_check(count(*) = 1, 'the process instance was changed concurrently') FROM changed",
                values)
            : new Statement(update, values, StatementCheck.OneRowChanged));
    }

    private (int Sequence, string Hash, Statement Statement) JournalEntry(long instanceKey, int previousSequence, string previousHash, string command,
        CommandActor actor, DateTimeOffset at, IReadOnlyList<JournalEvent> events)
    {
        var sequence = previousSequence + 1;
        var actorText = actor.ToString();
        var eventsText = JournalChain.SerializeEvents(events);
        // The hash covers the instant as it is stored, so that it verifies on either database.
        var stored = StoredInstant.From(at);
        var hash = JournalChain.ComputeHash(previousHash, instanceKey, sequence, stored, actorText, command, eventsText);
        Journal = (sequence, hash);
        return (sequence, hash, new Statement(
            """
            INSERT INTO journal ("ProcessInstanceKey", "Sequence", "At", "Actor", "Command", "Events", "PreviousHash", "Hash")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [instanceKey, sequence, _dialect.Instant(stored), actorText, command, eventsText, previousHash, hash]));
    }

    private void ApplyIntents(ExecutionResult result, long instanceKey, long definitionKey, string processId, int version, string tenantId)
    {
        var at = _dialect.Instant(result.At);
        foreach (var intent in result.Intents)
        {
            switch (intent)
            {
                case UserTaskCreated created:
                    AddUserTask(created, result.At, instanceKey, definitionKey, processId, version, tenantId);
                    break;
                case UserTaskCompleted completed:
                    _rows.Add(new Statement(
                        """UPDATE user_tasks SET "State" = $2, "CompletedAt" = $3, "CompletedBy" = $4 WHERE "Key" = $1""",
                        [completed.UserTaskKey, UserTaskStates.Completed, at, result.Actor.Id]));
                    break;
                case UserTaskCanceled canceled:
                    _rows.Add(new Statement(
                        """UPDATE user_tasks SET "State" = $2, "CompletedAt" = $3 WHERE "Key" = $1""",
                        [canceled.UserTaskKey, UserTaskStates.Canceled, at]));
                    break;
                case UserTaskTransitionStarted started:
                    _rows.Add(new Statement("""UPDATE user_tasks SET "State" = $2 WHERE "Key" = $1""",
                        [started.UserTaskKey, UserTaskStates.During(started.Event)]));
                    break;
                case UserTaskTransitionDenied denied:
                    _rows.Add(new Statement("""UPDATE user_tasks SET "State" = $2 WHERE "Key" = $1""", [denied.UserTaskKey, UserTaskStates.Created]));
                    break;
                case UserTaskUpdated updated:
                    UpdateUserTask(updated);
                    break;
                case TimerScheduled scheduled:
                    _newTimers[scheduled.TimerKey] =
                        [scheduled.TimerKey, instanceKey, scheduled.ElementInstanceKey, scheduled.ElementId, _dialect.Instant(scheduled.DueAt), tenantId, at];
                    break;
                case TimerFired fired:
                    // Deleting the row in the continuation's transaction is what makes firing exactly-once.
                    RemoveTimer(fired.TimerKey);
                    break;
                case TimerCanceled canceledTimer:
                    RemoveTimer(canceledTimer.TimerKey);
                    break;
                case JobCreated job:
                    _newJobs[job.JobKey] =
                    [
                        job.JobKey, job.Type, instanceKey, job.ElementInstanceKey, job.ElementId, processId, job.Retries, JobStates.Created, null, null,
                        null, JsonSerializer.Serialize(HeaderMap(job.CustomHeaders)), tenantId, at, JobKinds.From(job.Kind), job.ListenerEventType,
                    ];
                    break;
                case JobCompleted completedJob:
                    RemoveJob(completedJob.JobKey);
                    break;
                case JobCanceled canceledJob:
                    RemoveJob(canceledJob.JobKey);
                    break;
                case JobErrorThrown thrown:
                    // The worker ended the job with a BPMN error: the job is done either way.
                    RemoveJob(thrown.JobKey);
                    break;
                case JobFailed failed:
                    // A back-off keeps the job FAILED until its deadline; activation takes it once the deadline has passed.
                    var backingOff = failed.RetriesLeft > 0 && failed.RetryBackOff > TimeSpan.Zero;
                    var state = failed.RetriesLeft > 0 && !backingOff ? JobStates.Created : JobStates.Failed;
                    var retryAt = backingOff ? _dialect.Instant(result.At + failed.RetryBackOff) : null;
                    if (_newJobs.TryGetValue(failed.JobKey, out var newJob))
                    {
                        (newJob[6], newJob[7], newJob[9], newJob[10]) = (failed.RetriesLeft, state, retryAt, failed.Message);
                    }
                    else
                    {
                        _rows.Add(new Statement(
                            """UPDATE jobs SET "Retries" = $2, "ErrorMessage" = $3, "Worker" = NULL, "DeadlineAt" = $5, "State" = $4 WHERE "Key" = $1""",
                            [failed.JobKey, failed.RetriesLeft, failed.Message, state, retryAt]));
                    }

                    break;
                case IncidentRaised raised:
                    _newIncidents[raised.IncidentKey] =
                    [
                        raised.IncidentKey, instanceKey, raised.ElementInstanceKey, raised.ElementId, raised.ErrorType, raised.Message,
                        IncidentStates.Active, raised.JobKey, at, null, tenantId,
                    ];
                    break;
                case MessageSubscriptionOpened opened:
                    _rows.Add(new Statement(
                        """
                        INSERT INTO message_subscriptions ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ProcessId", "ElementId", "MessageName",
                            "CorrelationKey", "Interrupting", "TenantId", "CreatedAt")
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        """,
                        [opened.SubscriptionKey, instanceKey, opened.ElementInstanceKey, processId, opened.ElementId, opened.MessageName, opened.CorrelationKey,
                            opened.Interrupting, tenantId, at]));
                    // A message published before anyone waited for it may be buffered: look once this subscription is committed.
                    AddOutbox(OutboxKinds.MatchBufferedMessage, instanceKey, tenantId, result.At,
                        new OutboxWork { TargetInstanceKey = instanceKey, SubscriptionKey = opened.SubscriptionKey });
                    break;
                case MessageSubscriptionClosed closedMessage:
                    _rows.Add(new Statement("""DELETE FROM message_subscriptions WHERE "Key" = $1""", [closedMessage.SubscriptionKey]));
                    break;
                case MessageCorrelated correlated:
                    // Only a non-interrupting subscription stays open after it received a message.
                    _rows.Add(new Statement("""DELETE FROM message_subscriptions WHERE "Key" = $1 AND "Interrupting" = $2""", [correlated.SubscriptionKey, true]));
                    break;
                case SignalSubscriptionOpened signalOpened:
                    _rows.Add(new Statement(
                        """
                        INSERT INTO signal_subscriptions ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "SignalName", "TenantId", "CreatedAt")
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        """,
                        [signalOpened.SubscriptionKey, instanceKey, signalOpened.ElementInstanceKey, signalOpened.ElementId, signalOpened.SignalName, tenantId, at]));
                    break;
                case SignalSubscriptionClosed signalClosed:
                    _rows.Add(new Statement("""DELETE FROM signal_subscriptions WHERE "Key" = $1""", [signalClosed.SubscriptionKey]));
                    break;
                case MessagePublishRequested publish:
                    AddOutbox(OutboxKinds.PublishMessage, instanceKey, tenantId, result.At, OutboxWork.For(
                        new PublishedMessage(publish.MessageName, publish.CorrelationKey ?? "", publish.MessageId, publish.TimeToLive), publish.Variables, publish.Depth));
                    break;
                case SignalBroadcastRequested broadcast:
                    AddOutbox(OutboxKinds.BroadcastSignal, instanceKey, tenantId, result.At,
                        new OutboxWork { Name = broadcast.SignalName, Variables = OutboxVariables.Write(broadcast.Variables), Depth = broadcast.Depth });
                    break;
                case ChildInstanceRequested child:
                    AddOutbox(OutboxKinds.StartChild, instanceKey, tenantId, result.At, OutboxWork.For(child, definitionKey));
                    break;
                case ChildInstanceCancelRequested or ChildInstanceCompleted or ErrorPropagatedToParent or EscalationPropagatedToParent:
                    var parentChild = ParentChildWork.From(intent)!;
                    AddOutbox(OutboxKinds.Of(parentChild.Kind), instanceKey, tenantId, result.At, OutboxWork.For(parentChild));
                    break;
                case ContinuationRequested:
                    AddOutbox(OutboxKinds.ContinueInstance, instanceKey, tenantId, result.At, new OutboxWork { TargetInstanceKey = instanceKey });
                    break;
                case IncidentResolved resolved:
                    if (_newIncidents.TryGetValue(resolved.IncidentKey, out var newIncident))
                    {
                        (newIncident[6], newIncident[9]) = (IncidentStates.Resolved, at);
                    }
                    else
                    {
                        _rows.Add(new Statement("""UPDATE incidents SET "State" = $2, "ResolvedAt" = $3 WHERE "Key" = $1""",
                            [resolved.IncidentKey, IncidentStates.Resolved, at]));
                    }

                    break;
            }
        }
    }

    private void AddUserTask(UserTaskCreated created, DateTimeOffset at, long instanceKey, long definitionKey, string processId, int version, string tenantId)
    {
        // The form is bound as Camunda 8 binds it by default: its latest version when the task is created, unless the
        // runtime pinned a version (deployment or versionTag binding). The subquery saves a round trip; it takes its
        // own parameters because a null form id gets its type from where it is used.
        _rows.Add(new Statement(
            """
            INSERT INTO user_tasks ("Key", "ProcessInstanceKey", "ElementInstanceKey", "DefinitionKey", "ProcessId", "ProcessVersion", "ElementId", "Name",
                "State", "Assignee", "CandidateGroups", "CandidateUsers", "FormId", "EmbeddedFormKey", "DueDate", "FollowUpDate", "Priority", "CreatedAt",
                "TenantId", "FormKey")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                COALESCE($22, (SELECT f."Key" FROM forms f WHERE f."TenantId" = $20 AND f."FormId" = $21 ORDER BY f."Version" DESC LIMIT 1)))
            """,
            [
                created.UserTaskKey, instanceKey, created.ElementInstanceKey, definitionKey, processId, version, created.ElementId, created.Name,
                created.Creating ? UserTaskStates.Creating : UserTaskStates.Created, created.Assignee, string.Join(',', created.CandidateGroups), string.Join(',', created.CandidateUsers),
                created.FormId, created.EmbeddedFormKey, _dialect.Instant(created.DueDate), _dialect.Instant(created.FollowUpDate), created.Priority,
                _dialect.Instant(at), tenantId, tenantId, created.FormId, created.FormKey,
            ]));
        foreach (var group in created.CandidateGroups.Distinct(StringComparer.Ordinal))
        {
            _rows.Add(Candidate(created.UserTaskKey, CandidateKinds.Group, group));
        }

        foreach (var user in created.CandidateUsers.Distinct(StringComparer.Ordinal))
        {
            _rows.Add(Candidate(created.UserTaskKey, CandidateKinds.User, user));
        }
    }

    /// <summary>New attributes of a task (assignment, update, listener corrections); the task is open again.</summary>
    private void UpdateUserTask(UserTaskUpdated updated)
    {
        var set = new List<string> { "\"State\" = $2" };
        var values = new List<object?> { updated.UserTaskKey, UserTaskStates.Created };
        var candidates = new List<Statement>();
        foreach (var (attribute, value) in updated.Attributes)
        {
            switch (attribute)
            {
                case UserTaskAttributes.Assignee:
                    Add("Assignee", value.TryGetString(out var assignee) && assignee.Length > 0 ? assignee : null);
                    break;
                case UserTaskAttributes.DueDate:
                    Add("DueDate", _dialect.Instant(Instant(value)));
                    break;
                case UserTaskAttributes.FollowUpDate:
                    Add("FollowUpDate", _dialect.Instant(Instant(value)));
                    break;
                case UserTaskAttributes.Priority:
                    Add("Priority", value.TryGetInt64(out var priority) ? (int)priority : 50);
                    break;
                case UserTaskAttributes.CandidateGroups:
                case UserTaskAttributes.CandidateUsers:
                    var names = value.Kind == FeelValueKind.List
                        ? value.AsList().Select(n => n.TryGetString(out var text) ? text : "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList()
                        : [];
                    var groups = attribute == UserTaskAttributes.CandidateGroups;
                    Add(groups ? "CandidateGroups" : "CandidateUsers", string.Join(',', names));
                    var kind = groups ? CandidateKinds.Group : CandidateKinds.User;
                    candidates.Add(new Statement("""DELETE FROM user_task_candidates WHERE "UserTaskKey" = $1 AND "Kind" = $2""", [updated.UserTaskKey, kind]));
                    candidates.AddRange(names.Select(name => Candidate(updated.UserTaskKey, kind, name)));
                    break;
            }
        }

        _rows.Add(new Statement($"""UPDATE user_tasks SET {string.Join(", ", set)} WHERE "Key" = $1""", [.. values]));
        _rows.AddRange(candidates);

        void Add(string column, object? value)
        {
            values.Add(value);
            set.Add($"\"{column}\" = ${values.Count}");
        }
    }

    private static DateTimeOffset? Instant(FeelValue value) =>
        value.TryGetString(out var text) && text.Length > 0
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
            : null;

    private static Dictionary<string, string> HeaderMap(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // A later header with the same key wins, as zeebe:taskHeaders are read.
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in headers)
        {
            map[key] = value;
        }

        return map;
    }

    private static Statement Candidate(long userTaskKey, string kind, string name) =>
        new("""INSERT INTO user_task_candidates ("UserTaskKey", "Kind", "Name") VALUES ($1, $2, $3)""", [userTaskKey, kind, name]);

    private void RemoveTimer(long key)
    {
        if (!_newTimers.Remove(key))
        {
            DeleteTimer(key);
        }
    }

    private void RemoveJob(long key)
    {
        if (!_newJobs.Remove(key))
        {
            _rows.Add(new Statement("""DELETE FROM jobs WHERE "Key" = $1""", [key]));
        }
    }

    private IEnumerable<Statement> NewRows()
    {
        foreach (var values in _newTimers.Values)
        {
            yield return new Statement(
                """
                INSERT INTO timers ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "DueAt", "TenantId", "CreatedAt")
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, values);
        }

        foreach (var values in _newJobs.Values)
        {
            yield return new Statement(
                """
                INSERT INTO jobs ("Key", "Type", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "ProcessId", "Retries", "State", "Worker",
                    "DeadlineAt", "ErrorMessage", "CustomHeaders", "TenantId", "CreatedAt", "Kind", "ListenerEventType")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                """, values);
        }

        foreach (var values in _newIncidents.Values)
        {
            yield return new Statement(
                """
                INSERT INTO incidents ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "ErrorType", "Message", "State", "JobKey",
                    "CreatedAt", "ResolvedAt", "TenantId")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """, values);
        }
    }
}
