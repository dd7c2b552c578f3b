// Envelop/Yoga plugins that finish a request: refused permission checks go
// to the audit trail, and cookies set by resolvers go on the response.
import type { Plugin } from 'graphql-yoga';
import { recordDenial } from '../auth/auth.service.ts';
import type { GraphQLContext } from './context.ts';

export function useAuditDenials(): Plugin<GraphQLContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: async () => {
        const context = args.contextValue;
        // Only identified callers: recording anonymous refusals would let anyone write to the trail at will.
        if (context.principal.kind === 'anonymous') return;
        const seen = new Set<string>();
        for (const denial of context.denials) {
          const key = `${denial.organizationId}:${denial.attempted}`;
          if (seen.has(key)) continue;
          seen.add(key);
          await recordDenial(context.useCases, context.principal, denial.organizationId, denial.attempted, context.request);
        }
      },
    }),
  };
}

const cookiesByRequest = new WeakMap<Request, string[]>();

/** Where a request's resolvers put the Set-Cookie headers its response must carry. */
export function responseCookiesOf(request: Request): string[] {
  let cookies = cookiesByRequest.get(request);
  if (!cookies) {
    cookies = [];
    cookiesByRequest.set(request, cookies);
  }
  return cookies;
}

export function useResponseCookies(): Plugin<GraphQLContext> {
  return {
    onResponse: ({ request, response }) => {
      for (const cookie of cookiesByRequest.get(request) ?? []) response.headers.append('set-cookie', cookie);
    },
  };
}
