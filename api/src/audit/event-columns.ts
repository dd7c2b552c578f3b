// The columns of a sealed audit event, named once: the repository selects
// them, the export writes them as its CSV header, and the tampering test
// edits them. A column added to the trail is added here and reaches all three.

/** What happened, who did it, to what and from where: the event's facts, stored as text. */
export const EVENT_FACT_COLUMNS = [
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'request_id',
  'ip',
  'user_agent',
] as const;

/** What seals an event into its chain after its facts: the details, the previous event's hash and its own. */
const SEAL_COLUMNS = ['metadata', 'prev_hash', 'hash'] as const;

/** Every column of a sealed event that verification and the trail read. */
export const SEALED_EVENT_COLUMNS = ['chain', 'seq', 'organization_id', ...EVENT_FACT_COLUMNS, ...SEAL_COLUMNS] as const;

/** One organization's events as exported: its chain and organization are the same on every row, so they are left out. */
export const EXPORTED_EVENT_COLUMNS = ['seq', ...EVENT_FACT_COLUMNS, ...SEAL_COLUMNS] as const;
