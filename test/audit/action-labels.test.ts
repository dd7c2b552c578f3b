// The audit explorer lists actions in words and shows an event's details as
// labelled fields; the words come from the action registry.
import { AUDIT_ACTIONS, actionLabel, detailLabel } from '@governance/policies/vocabulary/audit-actions';
import { describe, expect, it } from 'vitest';

describe('audit actions in words', () => {
  it('gives every action a short label of its own', () => {
    const labels = Object.values(AUDIT_ACTIONS).map((entry) => entry.label);
    for (const label of labels) expect(label.length).toBeGreaterThan(3);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('labels an action recorded under a former name like its current one, and an unknown one by its stored name', () => {
    expect(actionLabel('member.role_changed')).toBe('Role changed');
    expect(actionLabel('policy.version.published')).toBe('Policy version published');
    expect(actionLabel('policyholder.notified')).toBe('policyholder.notified');
  });

  it('labels known details, and writes any other key in words', () => {
    expect(detailLabel('tokensRevoked')).toBe('Tokens revoked');
    expect(detailLabel('reference')).toBe('Reference');
    expect(detailLabel('settingBelowFloor')).toBe('Setting below floor');
    expect(detailLabel('first_seq')).toBe('First seq');
  });
});
