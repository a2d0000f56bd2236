using System.Linq.Expressions;
using System.Reflection;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Search;

/// <summary>An instance with the name of its process version, for searching and sorting by it.</summary>
internal sealed class ProcessInstanceRow
{
    public required ProcessInstanceEntity Instance { get; init; }
    public string? DefinitionName { get; init; }
}

/// <summary>An incident with the process of its instance.</summary>
internal sealed class IncidentRow
{
    public required IncidentEntity Incident { get; init; }
    public required string ProcessId { get; init; }
    public long DefinitionKey { get; init; }
}

/// <summary>A variable visible at a user task, its value as JSON text.</summary>
internal sealed class VariableRow
{
    public required string Name { get; init; }
    public required string Value { get; init; }

    /// <summary>Position in the task's scope chain, as the tie-breaker sorts need.</summary>
    public long Position { get; init; }
}

/// <summary>
/// Every search of the API: its fields with Camunda 8's names and operators, what sorts by default, and the Camunda
/// filters it cannot answer (so that they are refused with the reason, never ignored). tenantId takes the string
/// operators in every search, also where Camunda 8 takes a plain value only: here a search without tenantId looks in the
/// caller's own tenant, so naming several ($in) is how a caller in several tenants searches them together.
/// </summary>
public static class SearchSchemas
{
    private const string NotInColumns = "is not kept in a column the engine can search; it lives in the instance's state.";
    private const string VariablesNotInColumns = "Variables are not kept in columns the engine can search; they live in the instance's state.";

    private static readonly MethodInfo AnyMethod = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2)
        .MakeGenericMethod(typeof(UserTaskCandidateEntity));

    public static SearchSchema ProcessDefinitions => ProcessDefinitionSchema;

    public static SearchSchema Forms => FormSchema;

    public static SearchSchema ProcessInstances => ProcessInstanceSchema;

    public static SearchSchema UserTasks => UserTaskSchema;

    public static SearchSchema Incidents => IncidentSchema;

    public static SearchSchema UserTaskVariables => VariableSchema;

    internal static SearchSchema<ProcessDefinitionEntity> ProcessDefinitionSchema { get; } =
        new SearchSchema<ProcessDefinitionEntity>("process definitions", d => d.Key, new("processDefinitionId", false), new("version", true))
            .Column("processDefinitionKey", FieldKind.Key, d => d.Key, FilterOperators.Plain)
            .Column("processDefinitionId", FieldKind.Text, d => d.ProcessId, FilterOperators.Text)
            .Column("name", FieldKind.Text, d => d.Name, FilterOperators.Text)
            .Column("resourceName", FieldKind.Text, d => d.ResourceName, FilterOperators.Plain)
            .Column("version", FieldKind.Number, d => d.Version, FilterOperators.Plain)
            .Column("tenantId", FieldKind.Text, d => d.TenantId, FilterOperators.Text)
            .Custom("isLatestVersion", FieldKind.Boolean, FilterOperators.Plain, LatestDefinition)
            .NotSupported("versionTag", "is not kept in a column the engine can search yet.")
            .NotSupported("hasStartForm", "is not kept in a column the engine can search yet.");

    public static SearchSchema DecisionDefinitions => DecisionDefinitionSchema;

    public static SearchSchema DecisionRequirements => DecisionRequirementsSchema;

    internal static SearchSchema<DecisionDefinitionEntity> DecisionDefinitionSchema { get; } =
        new SearchSchema<DecisionDefinitionEntity>("decision definitions", d => d.Key, new("decisionDefinitionId", false), new("version", true))
            .Column("decisionDefinitionKey", FieldKind.Key, d => d.Key, FilterOperators.Plain)
            .Column("decisionDefinitionId", FieldKind.Text, d => d.DecisionId, FilterOperators.Text)
            .Column("name", FieldKind.Text, d => d.Name, FilterOperators.Text)
            .Column("version", FieldKind.Number, d => d.Version, FilterOperators.Plain)
            .Column("versionTag", FieldKind.Text, d => d.VersionTag, FilterOperators.Text)
            .Column("decisionRequirementsId", FieldKind.Text, d => d.DecisionRequirementsId, FilterOperators.Text)
            .Column("decisionRequirementsKey", FieldKind.Key, d => d.DecisionRequirementsKey, FilterOperators.Plain)
            .Column("tenantId", FieldKind.Text, d => d.TenantId, FilterOperators.Text)
            .Custom("isLatestVersion", FieldKind.Boolean, FilterOperators.Plain, LatestDecision)
            .NotSupported("decisionRequirementsName", "is not kept with the decision; search the decision requirements by name instead.")
            .NotSupported("decisionRequirementsVersion", "is not kept with the decision; search the decision requirements by version instead.");

    internal static SearchSchema<DecisionRequirementsEntity> DecisionRequirementsSchema { get; } =
        new SearchSchema<DecisionRequirementsEntity>("decision requirements", d => d.Key, new("decisionRequirementsId", false), new("version", true))
            .Column("decisionRequirementsKey", FieldKind.Key, d => d.Key, FilterOperators.Plain)
            .Column("decisionRequirementsId", FieldKind.Text, d => d.DecisionRequirementsId, FilterOperators.Text)
            .Column("decisionRequirementsName", FieldKind.Text, d => d.Name, FilterOperators.Text)
            .Column("version", FieldKind.Number, d => d.Version, FilterOperators.Plain)
            .Column("resourceName", FieldKind.Text, d => d.ResourceName, FilterOperators.Plain)
            .Column("tenantId", FieldKind.Text, d => d.TenantId, FilterOperators.Text);

    internal static SearchSchema<FormEntity> FormSchema { get; } =
        new SearchSchema<FormEntity>("forms", f => f.Key, new("formId", false), new("version", true))
            .Column("formKey", FieldKind.Key, f => f.Key, FilterOperators.Plain)
            .Column("formId", FieldKind.Text, f => f.FormId, FilterOperators.Text)
            .Column("resourceName", FieldKind.Text, f => f.ResourceName, FilterOperators.Plain)
            .Column("version", FieldKind.Number, f => f.Version, FilterOperators.Plain)
            .Column("tenantId", FieldKind.Text, f => f.TenantId, FilterOperators.Text)
            .Column("createdAt", FieldKind.DateTime, f => f.CreatedAt, FilterOperators.Range)
            .Custom("isLatestVersion", FieldKind.Boolean, FilterOperators.Plain, LatestForm);

    internal static SearchSchema<ProcessInstanceRow> ProcessInstanceSchema { get; } =
        new SearchSchema<ProcessInstanceRow>("process instances", r => r.Instance.Key, new SortCriterion("processInstanceKey", true))
            .Column("processInstanceKey", FieldKind.Key, r => r.Instance.Key, FilterOperators.Basic)
            .Column("processDefinitionId", FieldKind.Text, r => r.Instance.ProcessId, FilterOperators.Text)
            .Column("processDefinitionName", FieldKind.Text, r => r.DefinitionName, FilterOperators.Text)
            .Column("processDefinitionVersion", FieldKind.Number, r => r.Instance.Version, FilterOperators.Range)
            .Column("processDefinitionKey", FieldKind.Key, r => r.Instance.DefinitionKey, FilterOperators.Basic)
            .Column("startDate", FieldKind.DateTime, r => r.Instance.StartedAt, FilterOperators.Range)
            .Column("endDate", FieldKind.DateTime, r => r.Instance.EndedAt, FilterOperators.Range)
            .Column("state", FieldKind.Text, r => r.Instance.Status, FilterOperators.Enumeration,
                allowedValues: [InstanceStatuses.Active, InstanceStatuses.Completed, InstanceStatuses.Terminated])
            .Column("hasIncident", FieldKind.Boolean, r => r.Instance.HasIncident, FilterOperators.Plain)
            .Column("tenantId", FieldKind.Text, r => r.Instance.TenantId, FilterOperators.Text)
            .NotSupported("parentProcessInstanceKey", NotInColumns)
            .NotSupported("parentElementInstanceKey", NotInColumns)
            .NotSupported("parentFlowNodeInstanceKey", NotInColumns)
            .NotSupported("processDefinitionVersionTag", "is not kept in a column the engine can search yet.")
            .NotSupported("variables", VariablesNotInColumns)
            .NotSupported("elementId", NotInColumns)
            .NotSupported("elementInstanceState", NotInColumns)
            .NotSupported("hasElementInstanceIncident", NotInColumns)
            .NotSupported("errorMessage", "is not supported here; search incidents by errorMessage instead.")
            .NotSupported("incidentErrorHashCode", "is not supported; search incidents by errorMessage instead.")
            .NotSupported("hasRetriesLeft", "is not supported.")
            .NotSupported("batchOperationId", "Batch operations do not exist in this engine.")
            .NotSupported("tags", "Tags do not exist in this engine.")
            .NotSupported("businessId", "Business ids do not exist in this engine.")
            .NotSupported("$or", "Alternative filter groups ($or) are not supported; send one search per alternative.");

    internal static SearchSchema<UserTaskEntity> UserTaskSchema { get; } =
        new SearchSchema<UserTaskEntity>("user tasks", t => t.Key, new("priority", true), new("creationDate", false))
            .Column("userTaskKey", FieldKind.Key, t => t.Key, FilterOperators.Plain, sortable: false)
            .Column("state", FieldKind.Text, t => t.State, FilterOperators.Enumeration, sortable: false,
                allowedValues: [UserTaskStates.Created, UserTaskStates.Completed, UserTaskStates.Canceled, UserTaskStates.Creating, UserTaskStates.Assigning,
                    UserTaskStates.Updating, UserTaskStates.Completing, UserTaskStates.Canceling])
            .Column("assignee", FieldKind.Text, t => t.Assignee, FilterOperators.Text, sortable: false)
            .Column("priority", FieldKind.Number, t => t.Priority, FilterOperators.Range)
            .Column("name", FieldKind.Text, t => t.Name, FilterOperators.Text)
            .Column("elementId", FieldKind.Text, t => t.ElementId, FilterOperators.Plain, sortable: false)
            .Custom("candidateGroup", FieldKind.Text, FilterOperators.Text, (c, context) => Candidate(CandidateKinds.Group, c, context))
            .Custom("candidateUser", FieldKind.Text, FilterOperators.Text, (c, context) => Candidate(CandidateKinds.User, c, context))
            .Column("tenantId", FieldKind.Text, t => t.TenantId, FilterOperators.Text, sortable: false)
            .Column("processDefinitionId", FieldKind.Text, t => t.ProcessId, FilterOperators.Plain, sortable: false)
            .Column("processDefinitionKey", FieldKind.Key, t => t.DefinitionKey, FilterOperators.Plain, sortable: false)
            .Column("processInstanceKey", FieldKind.Key, t => t.ProcessInstanceKey, FilterOperators.Plain, sortable: false)
            .Column("elementInstanceKey", FieldKind.Key, t => t.ElementInstanceKey, FilterOperators.Plain, sortable: false)
            .Column("creationDate", FieldKind.DateTime, t => t.CreatedAt, FilterOperators.Range)
            .Column("completionDate", FieldKind.DateTime, t => t.CompletedAt, FilterOperators.Range)
            .Column("dueDate", FieldKind.DateTime, t => t.DueDate, FilterOperators.Range)
            .Column("followUpDate", FieldKind.DateTime, t => t.FollowUpDate, FilterOperators.Range)
            .Column("title", FieldKind.Text, t => t.Title, FilterOperators.Text)
            .Custom("text", FieldKind.Text, FilterOperators.Plain, Text)
            .Custom("followUpPending", FieldKind.Boolean, FilterOperators.Plain, FollowUpPending)
            .Custom("processInstanceVariables", FieldKind.Variables, FilterOperators.Plain, ProcessInstanceVariables)
            .NotSupported("localVariables", "Variables local to the task are not kept in columns the engine can search; search by processInstanceVariables.")
            .NotSupported("tags", "Tags do not exist in this engine.")
            .WithCursors();

    internal static SearchSchema<IncidentRow> IncidentSchema { get; } =
        new SearchSchema<IncidentRow>("incidents", r => r.Incident.Key, new SortCriterion("incidentKey", false))
            .Column("incidentKey", FieldKind.Key, r => r.Incident.Key, FilterOperators.Basic)
            .Column("processDefinitionKey", FieldKind.Key, r => r.DefinitionKey, FilterOperators.Basic)
            .Column("processDefinitionId", FieldKind.Text, r => r.ProcessId, FilterOperators.Text)
            .Column("processInstanceKey", FieldKind.Key, r => r.Incident.ProcessInstanceKey, FilterOperators.Basic)
            .Column("errorType", FieldKind.Text, r => r.Incident.ErrorType, FilterOperators.Enumeration,
                allowedValues: Enum.GetNames<IncidentErrorType>())
            .Column("errorMessage", FieldKind.Text, r => r.Incident.Message, FilterOperators.Text)
            .Column("elementId", FieldKind.Text, r => r.Incident.ElementId, FilterOperators.Text)
            .Column("elementInstanceKey", FieldKind.Key, r => r.Incident.ElementInstanceKey, FilterOperators.Basic)
            .Column("creationTime", FieldKind.DateTime, r => r.Incident.CreatedAt, FilterOperators.Range)
            .Column("state", FieldKind.Text, r => r.Incident.State, FilterOperators.Enumeration,
                allowedValues: [IncidentStates.Active, IncidentStates.Resolved])
            .Column("jobKey", FieldKind.Key, r => r.Incident.JobKey, FilterOperators.Basic)
            .Column("tenantId", FieldKind.Text, r => r.Incident.TenantId, FilterOperators.Text);

    internal static SearchSchema<VariableRow> VariableSchema { get; } =
        new SearchSchema<VariableRow>("user task variables", v => v.Position, new SortCriterion("name", false))
            .Column("name", FieldKind.Text, v => v.Name, FilterOperators.Text)
            .Column("value", FieldKind.Text, v => v.Value, FilterOperators.None);

    /// <summary>Every word in the title, the column values or the name, ignoring case (a trigram index on PostgreSQL).</summary>
    private static Expression<Func<UserTaskEntity, bool>> Text(FieldCondition condition, SearchContext context)
    {
        var task = Expression.Parameter(typeof(UserTaskEntity), "t");
        var text = Expression.Property(task, nameof(UserTaskEntity.SearchText));
        Expression all = Expression.Constant(true);
        foreach (var word in UserTaskSearchData.Words((string)condition.Value))
        {
            var pattern = "*" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
                .Replace("?", "\\?", StringComparison.Ordinal) + "*";
            var contains = SearchPredicates.Compare(text, new FieldCondition("text", FilterOperator.Like, pattern), context.Dialect);
            all = all is ConstantExpression ? contains : Expression.AndAlso(all, contains);
        }

        return Expression.Lambda<Func<UserTaskEntity, bool>>(all, task);
    }

    /// <summary>true: the follow-up date (Wiedervorlage) is still ahead; false: there is none, or it has come.</summary>
    private static Expression<Func<UserTaskEntity, bool>> FollowUpPending(FieldCondition condition, SearchContext context)
    {
        var now = new QueryParameter<DateTimeOffset>(context.Now.ToUniversalTime());
        return (bool)condition.Value
            ? t => t.FollowUpDate != null && t.FollowUpDate > now.Value
            : t => t.FollowUpDate == null || t.FollowUpDate <= now.Value;
    }

    /// <summary>Camunda's processInstanceVariables: the instance has every named variable with the value (kept with each task).</summary>
    private static Expression<Func<UserTaskEntity, bool>> ProcessInstanceVariables(FieldCondition condition, SearchContext context)
    {
        Expression<Func<UserTaskEntity, bool>>? all = null;
        foreach (var variable in (IReadOnlyList<VariableCondition>)condition.Value)
        {
            var name = new QueryParameter<string>(variable.Name);
            var value = new QueryParameter<string>(variable.Value);
            Expression<Func<UserTaskEntity, bool>> one = t => t.Variables.Any(v => v.Name == name.Value && v.Value == value.Value);
            all = all is null ? one : Expression.Lambda<Func<UserTaskEntity, bool>>(Expression.AndAlso(all.Body,
                new ParameterSwap(one.Parameters[0], all.Parameters[0]).Visit(one.Body)), all.Parameters);
        }

        return all ?? (_ => true);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static Expression<Func<ProcessDefinitionEntity, bool>> LatestDefinition(FieldCondition condition, SearchContext context)
    {
        if (!(bool)condition.Value)
        {
            return _ => true;
        }

        var all = context.Db.ProcessDefinitions;
        return d => d.Version == all.Where(o => o.TenantId == d.TenantId && o.ProcessId == d.ProcessId).Max(o => o.Version);
    }

    private static Expression<Func<DecisionDefinitionEntity, bool>> LatestDecision(FieldCondition condition, SearchContext context)
    {
        if (!(bool)condition.Value)
        {
            return _ => true;
        }

        var all = context.Db.DecisionDefinitions;
        return d => d.Version == all.Where(o => o.TenantId == d.TenantId && o.DecisionId == d.DecisionId).Max(o => o.Version);
    }

    private static Expression<Func<FormEntity, bool>> LatestForm(FieldCondition condition, SearchContext context)
    {
        if (!(bool)condition.Value)
        {
            return _ => true;
        }

        var all = context.Db.Forms;
        return f => f.Version == all.Where(o => o.TenantId == f.TenantId && o.FormId == f.FormId).Max(o => o.Version);
    }

    private static readonly MethodInfo StringContainsMethod = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    private static readonly MethodInfo ConcatMethod = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!;

    /// <summary>
    /// What a person may see: tasks assigned to them or to someone they stand in for (Vertretung), or with one of them or
    /// one of their groups among the candidates. Read from the task row's comma-separated candidate lists (names cannot
    /// contain commas), so that checking a task costs no look-up: a list sorted by due date over a million tasks reads along its index and checks row by row, where
    /// a sub-query would first collect every task of the person's groups.
    /// </summary>
    internal static Expression<Func<UserTaskEntity, bool>> VisibleTo(IEnumerable<string> userIds, IEnumerable<string> groups)
    {
        var task = Expression.Parameter(typeof(UserTaskEntity), "t");
        Expression? visible = null;
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            visible = Or(visible, Expression.Equal(Expression.Property(task, nameof(UserTaskEntity.Assignee)), Parameter(userId)));
            if (!userId.Contains(',', StringComparison.Ordinal))
            {
                visible = Or(visible, Listed(task, nameof(UserTaskEntity.CandidateUsers), userId));
            }
        }

        foreach (var group in groups.Distinct(StringComparer.Ordinal).Where(g => !g.Contains(',', StringComparison.Ordinal)))
        {
            visible = Or(visible, Listed(task, nameof(UserTaskEntity.CandidateGroups), group));
        }

        return Expression.Lambda<Func<UserTaskEntity, bool>>(visible ?? Expression.Constant(false), task);
    }

    private static Expression Or(Expression? left, Expression right) => left is null ? right : Expression.OrElse(left, right);

    /// <summary>("," + list + ",").Contains("," + name + ","): the name is one of the list's entries.</summary>
    private static MethodCallExpression Listed(ParameterExpression task, string listProperty, string name) =>
        Expression.Call(
            Expression.Call(ConcatMethod, Expression.Constant(","), Expression.Property(task, listProperty), Expression.Constant(",")),
            StringContainsMethod, Parameter("," + name + ","));

    private static MemberExpression Parameter(string value) =>
        Expression.Property(Expression.Constant(new QueryParameter<string>(value)), nameof(QueryParameter<string>.Value));

    /// <summary>
    /// A task matches when one of its candidates of the kind does ($eq, $in, $like, $exists: true) or when none does
    /// ($neq, $notIn, $exists: false), as a multi-valued field matches in Camunda 8. Answered by the candidates table
    /// only: a further check of the row's comma-separated list made PostgreSQL estimate a group's share of the tasks
    /// far too low (10 % as 0.01 %) and sort every matching task instead of walking the order's index (3 s against
    /// a quarter of a second for a million tasks, measured with TaskListBenchmark).
    /// </summary>
    private static Expression<Func<UserTaskEntity, bool>> Candidate(string kind, FieldCondition condition, SearchContext context)
    {
        var (positive, negate) = condition.Operator switch
        {
            FilterOperator.NotEqual => (condition with { Operator = FilterOperator.Equal }, true),
            FilterOperator.NotIn => (condition with { Operator = FilterOperator.In }, true),
            FilterOperator.Exists when !(bool)condition.Value => (condition with { Value = true }, true),
            _ => (condition, false),
        };

        var candidate = Expression.Parameter(typeof(UserTaskCandidateEntity), "c");
        var ofKind = Expression.Equal(Expression.Property(candidate, nameof(UserTaskCandidateEntity.Kind)), Expression.Constant(kind));
        var matches = positive.Operator == FilterOperator.Exists
            ? ofKind
            : Expression.AndAlso(ofKind,
                SearchPredicates.Compare(Expression.Property(candidate, nameof(UserTaskCandidateEntity.Name)), positive, context.Dialect));
        var task = Expression.Parameter(typeof(UserTaskEntity), "t");
        Expression any = Expression.Call(AnyMethod, Expression.Property(task, nameof(UserTaskEntity.Candidates)),
            Expression.Lambda<Func<UserTaskCandidateEntity, bool>>(matches, candidate));
        return Expression.Lambda<Func<UserTaskEntity, bool>>(negate ? Expression.Not(any) : any, task);
    }
}
