// Fields whose one call walks a whole chain or counts whole tables. Aliases
// and fragments would let one request ask for any number of them, so an
// operation may ask for at most one, wherever it sits: the rule counts every
// time a field would run (a fragment spread twice counts twice) and refuses
// the operation before anything executes.
import {
  type ASTVisitor,
  GraphQLError,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** `Type.field` of every expensive field. */
export const EXPENSIVE_FIELDS: ReadonlySet<string> = new Set([
  'Query.verifyAuditChain',
  'Query.verifySiteAuditChain',
  'Query.retentionDryRun',
]);

export const MAX_EXPENSIVE_FIELDS_PER_OPERATION = 1;

/** Counts stop here: only "more than the limit" matters, and saturating keeps nested fragments from overflowing. */
const ENOUGH = MAX_EXPENSIVE_FIELDS_PER_OPERATION + 1;

export function expensiveFieldLimitRule(context: ValidationContext): ASTVisitor {
  // A fragment's count does not depend on where it is spread: count each once.
  const fragmentCounts = new Map<string, number>();

  const countIn = (type: GraphQLNamedType | undefined, selectionSet: SelectionSetNode, fragmentsOnPath: ReadonlySet<string>): number => {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (count >= ENOUGH) break;
      if (selection.kind === Kind.FIELD) {
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
        if (!type || !field) continue;
        if (EXPENSIVE_FIELDS.has(`${type.name}.${field.name}`)) count++;
        if (selection.selectionSet) count += countIn(getNamedType(field.type), selection.selectionSet, fragmentsOnPath);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : type;
        count += countIn(condition ?? undefined, selection.selectionSet, fragmentsOnPath);
      } else {
        const name = selection.name.value;
        // A cycle is refused by graphql-js's own rule (NoFragmentCycles); here it just ends the walk.
        if (fragmentsOnPath.has(name)) continue;
        let fragmentCount = fragmentCounts.get(name);
        if (fragmentCount === undefined) {
          const fragment = context.getFragment(name);
          fragmentCount = fragment
            ? countIn(
                context.getSchema().getType(fragment.typeCondition.name.value),
                fragment.selectionSet,
                new Set([...fragmentsOnPath, name]),
              )
            : 0;
          fragmentCounts.set(name, fragmentCount);
        }
        count += fragmentCount;
      }
    }
    return Math.min(count, ENOUGH);
  };

  return {
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation) ?? undefined;
      if (countIn(root, operation.selectionSet, new Set()) > MAX_EXPENSIVE_FIELDS_PER_OPERATION) {
        const names = [...EXPENSIVE_FIELDS].map((name) => name.split('.')[1]).join(', ');
        context.reportError(
          new GraphQLError(
            `An operation may ask for only ${MAX_EXPENSIVE_FIELDS_PER_OPERATION} of ${names} (aliases and fragments included); send one per request.`,
            {
              nodes: operation,
              extensions: { code: 'QUERY_TOO_EXPENSIVE' },
            },
          ),
        );
      }
    },
  };
}

/** Adds the rule to every request's validation, which runs before execution. */
export function useExpensiveFieldLimit(): Plugin {
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule(expensiveFieldLimitRule);
    },
  };
}
