// Expected failures a mutation returns as data (Pothos errors plugin), so a
// form can show each one beside the field it names.
import { DomainError } from '../shared/domain-error.ts';
import { builder } from './builder.ts';

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  authScopes: { public: true },
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(DomainError, {
  name: 'InputError',
  description: 'Why the input was refused; `field` names the input field at fault, when there is one.',
  interfaces: [ErrorInterface],
  authScopes: { public: true },
  isTypeOf: (value) => value instanceof DomainError,
  fields: (t) => ({
    code: t.exposeString('code'),
    field: t.exposeString('field', { nullable: true }),
  }),
});
