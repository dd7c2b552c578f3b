// One gate for the arguments of every field, before its authorization check
// and its resolver run: text PostgreSQL cannot store (a NUL character) and
// ids that are not ids of this API are refused as BAD_USER_INPUT naming the
// argument (`filter.assignee`, `input.systems[2]`), instead of failing later
// in SQL as a 500. Done once over the built schema, so a new field is covered
// without doing anything.
import { decodeGlobalID } from '@pothos/plugin-relay';
import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { DomainError } from '../shared/domain-error.ts';
import { isUuid, requireStorableText, requireUuid } from '../shared/input-checks.ts';

/** Wraps the resolver of every field that takes arguments with the checks; returns the same schema. */
export function checkArgumentsOfEveryField(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const args = field.args;
      const returnsInputErrors = listsDomainErrors(field.extensions);
      field.resolve = (source, values, context, info) => {
        try {
          for (const arg of args) checkValue(values[arg.name], arg.type, arg, arg.name);
        } catch (error) {
          // A mutation that answers its input errors as data (an InputError beside the field) answers this one so too.
          if (returnsInputErrors && error instanceof DomainError) return error;
          throw error;
        }
        return resolve(source, values, context, info);
      };
    }
  }
  return schema;
}

/** Whether the field returns DomainErrors as data (the Pothos errors plugin's `errors: { types: [DomainError] }`). */
function listsDomainErrors(extensions: Readonly<Record<string, unknown>>): boolean {
  const options = extensions.pothosOptions as { errors?: { types?: unknown[] } } | undefined;
  return options?.errors?.types?.includes(DomainError) ?? false;
}

function checkValue(value: unknown, type: GraphQLInputType, definition: GraphQLArgument | GraphQLInputField, path: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return;
    for (const [index, item] of value.entries()) checkValue(item, nullable.ofType, definition, `${path}[${index}]`);
    return;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      checkValue((value as Record<string, unknown>)[field.name], field.type, field, `${path}.${field.name}`);
    }
    return;
  }
  if (!isScalarType(nullable) || typeof value !== 'string') return;
  requireStorableText(value, path);
  if (nullable.name !== 'ID') return;
  if (definition.extensions?.isRelayGlobalID) requireGlobalId(value, path);
  else requireUuid(value, path);
}

/** A Relay global ID (`node(id:)`): base64 of `Type:uuid`. */
function requireGlobalId(value: string, path: string): void {
  let local: string;
  try {
    local = decodeGlobalID(value).id;
  } catch {
    throw new DomainError('BAD_USER_INPUT', `${path} is not a global ID of this API.`, { field: path });
  }
  if (!isUuid(local)) throw new DomainError('BAD_USER_INPUT', `${path} is not a global ID of this API.`, { field: path });
}
