// pnpm cli user:create --org <slug> --email <e> --role <role> [--name <n>] [--password-env NAME]
// pnpm cli user:create --site-admin --email <e> [--name <n>] [--password-env NAME]
// The password comes from standard input (or the named environment
// variable), never from the command line, where other users could read it.
import { parseArgs } from 'node:util';
import { ORGANIZATION_ROLES, type OrganizationRole } from '@governance/policies/vocabulary/access';
import { createUser } from '../auth/auth.service.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openCommandContext } from './command-context.ts';
import { type CommandIo, UsageError } from './run-command.ts';

export const USER_CREATE_USAGE =
  'pnpm cli user:create (--org <slug> --role <ADMIN|PRIVACY_OFFICER|AUDITOR|VIEWER> | --site-admin) --email <email> [--name <name>] [--password-env <VARIABLE>]\n' +
  '  The password is read from standard input unless --password-env names a variable holding it.';

export async function userCreateCommand(io: CommandIo): Promise<number> {
  const { values } = parseUserCreateArgs(io.argv);
  const password = await readPassword(values['password-env'], io);
  const command = await openCommandContext(loadConfig(io.env), createLogger('warn'));
  try {
    const role = values.role as OrganizationRole | undefined;
    const user = await createUser(command.context, systemPrincipal('user:create command'), {
      email: values.email ?? '',
      name: values.name ?? (values.email ?? '').split('@')[0] ?? '',
      password,
      siteAdmin: values['site-admin'] ?? false,
      ...(values.org && role ? { membership: { organizationSlug: values.org, role } } : {}),
    });
    const what = user.isSiteAdmin ? 'site administrator' : `${role} of ${values.org}`;
    io.out(`Created ${user.email} (${what}).`);
    return 0;
  } finally {
    await command.close();
  }
}

function parseUserCreateArgs(argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${USER_CREATE_USAGE}`);
  }
  const { values } = parsed;
  const problems: string[] = [];
  if (!values.email) problems.push('--email is required');
  if (values['site-admin']) {
    if (values.org || values.role) problems.push('--site-admin takes no --org or --role');
  } else {
    if (!values.org) problems.push('--org is required (or --site-admin)');
    if (!values.role) problems.push('--role is required (or --site-admin)');
    else if (!(ORGANIZATION_ROLES as readonly string[]).includes(values.role)) {
      problems.push(`--role must be one of ${ORGANIZATION_ROLES.join(', ')}, not "${values.role}"`);
    }
  }
  if (problems.length > 0) throw new UsageError(`${problems.join('; ')}.\nUsage: ${USER_CREATE_USAGE}`);
  return parsed;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      org: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'site-admin': { type: 'boolean' },
      'password-env': { type: 'string' },
    },
  });
}

async function readPassword(variable: string | undefined, { env, stdin }: CommandIo): Promise<string> {
  if (variable !== undefined) {
    const password = env[variable];
    if (!password) throw new UsageError(`The environment variable ${variable} (from --password-env) is not set.`);
    return password;
  }
  if ('isTTY' in stdin && stdin.isTTY) process.stderr.write('Password (then Enter and Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  // One trailing newline belongs to the input, not the password.
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('No password on standard input. Pipe it in, or use --password-env <VARIABLE>.');
  return password;
}
