// Retention of the audit trail itself. Sealed events stay append-only; the
// one way to remove any is audit_purge_through, which deletes the oldest
// events of one chain up to a sequence number, and only when a sealed
// `retention.purged` event later in the same chain records that purge (its
// last seq and hash, signed), so the chain that remains still verifies from
// it. It removes whole calendar months only, a bounded batch per call. The
// function runs as its owner (the application role may not delete events)
// and marks its transaction; the append-only trigger lets exactly those
// deletes through. UPDATE and TRUNCATE stay refused for everyone. Frozen:
// change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function reject_audit_event_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and tg_table_name = 'audit_event' then
        if old.chain = current_setting('governance.audit_purge_chain', true)
           and old.seq <= nullif(current_setting('governance.audit_purge_through', true), '')::bigint then
          return old;
        end if;
      end if;
      raise exception 'audit events are append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);

  await sql`
    create function audit_purge_through(p_chain text, p_through bigint, p_limit integer) returns integer
      language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    declare
      deleted integer;
      last_month text;
      next_month text;
    begin
      if p_limit is null or p_limit < 1 or p_limit > 10000 then
        raise exception 'audit_purge_through: the batch must be 1 to 10000 events, not %', p_limit
          using errcode = 'invalid_parameter_value';
      end if;
      if not exists (
        select from public.audit_event
        where chain = p_chain and seq > p_through and action = 'retention.purged'
          and metadata::jsonb ->> 'throughSeq' = p_through::text
      ) then
        raise exception 'audit_purge_through: no sealed retention.purged event of chain % records a purge through seq %', p_chain, p_through
          using errcode = 'insufficient_privilege';
      end if;
      -- Whole months: the last event removed and the first one kept lie in different months.
      select substr(occurred_at, 1, 7) into last_month from public.audit_event where chain = p_chain and seq = p_through;
      select substr(occurred_at, 1, 7) into next_month from public.audit_event where chain = p_chain and seq = p_through + 1;
      if last_month is not null and last_month = next_month then
        raise exception 'audit_purge_through: seq % is not the last event of a month (% continues after it)', p_through, last_month
          using errcode = 'invalid_parameter_value';
      end if;
      perform set_config('governance.audit_purge_chain', p_chain, true);
      perform set_config('governance.audit_purge_through', p_through::text, true);
      delete from public.audit_event
      where chain = p_chain
        and seq in (select seq from public.audit_event where chain = p_chain and seq <= p_through order by seq limit p_limit);
      get diagnostics deleted = row_count;
      perform set_config('governance.audit_purge_chain', '', true);
      perform set_config('governance.audit_purge_through', '', true);
      return deleted;
    end
    $$`.execute(db);
  await sql`revoke all on function audit_purge_through(text, bigint, integer) from public`.execute(db);
  await sql`grant execute on function audit_purge_through(text, bigint, integer) to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function audit_purge_through(text, bigint, integer)`.execute(db);
  await sql`
    create or replace function reject_audit_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
}
