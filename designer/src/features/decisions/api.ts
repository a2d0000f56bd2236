// What the page makes of the decision endpoints' answers (the calls themselves are the shared client's).
import type {
  DecisionEvaluation,
  DecisionEvaluationRequest,
  DecisionRequirements,
  DeployedDecision,
  DeployedDecisionRequirements,
  DeploymentResult,
  EvaluatedDecision,
} from '../../shared/api';

export type {
  DecisionRequirements,
  DeployedDecision,
  DeployedDecisionRequirements,
  EvaluatedDecision,
  DecisionEvaluation as EvaluationResult,
  DecisionEvaluationRequest as EvaluationRequest,
};

/** The graph and the decisions among a deployment's resources. */
export function deployedDecisions(deployments: DeploymentResult['deployments']): {
  readonly requirements: readonly DeployedDecisionRequirements[];
  readonly decisions: readonly DeployedDecision[];
} {
  return {
    requirements: deployments.flatMap((item) => (item.decisionRequirements ? [item.decisionRequirements] : [])),
    decisions: deployments.flatMap((item) => (item.decisionDefinition ? [item.decisionDefinition] : [])),
  };
}

/** The newest version of each graph, sorted by name; the search answers every version. */
export function latestVersions(graphs: readonly DecisionRequirements[]): DecisionRequirements[] {
  const latest = new Map<string, DecisionRequirements>();
  for (const graph of graphs) {
    const key = `${graph.tenantId}\u0000${graph.decisionRequirementsId}`;
    const known = latest.get(key);
    if (!known || graph.version > known.version) {
      latest.set(key, graph);
    }
  }
  return [...latest.values()].sort((a, b) => graphLabel(a).localeCompare(graphLabel(b)));
}

export function graphLabel(graph: DecisionRequirements): string {
  return graph.decisionRequirementsName?.trim() || graph.decisionRequirementsId;
}
