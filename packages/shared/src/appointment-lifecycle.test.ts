import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APPOINTMENT_STATUSES,
  canTransition,
  isActive,
  isCancellable,
  isClosed,
  isRemindable,
  nextStatuses,
  REMINDABLE_STATUSES,
} from './appointment-lifecycle.js';

describe('appointment lifecycle', () => {
  const allowed: [string, string][] = [
    ['scheduled', 'confirmed'],
    ['scheduled', 'checked_in'],
    ['scheduled', 'no_show'],
    ['scheduled', 'cancelled'],
    ['confirmed', 'checked_in'],
    ['confirmed', 'no_show'],
    ['confirmed', 'cancelled'],
    ['checked_in', 'in_progress'],
    ['checked_in', 'cancelled'],
    ['in_progress', 'completed'],
  ];

  it('allows exactly the transitions of the lifecycle', () => {
    for (const from of APPOINTMENT_STATUSES) {
      for (const to of APPOINTMENT_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        assert.equal(canTransition(from, to), expected, `${from} -> ${to}`);
      }
    }
  });

  it('closes completed, cancelled and no-show visits; only active ones hold their slot', () => {
    assert.deepEqual(APPOINTMENT_STATUSES.filter(isClosed), ['completed', 'cancelled', 'no_show']);
    assert.deepEqual(APPOINTMENT_STATUSES.filter(isActive), ['scheduled', 'confirmed', 'checked_in', 'in_progress', 'completed']);
    assert.deepEqual(APPOINTMENT_STATUSES.filter(isCancellable), ['scheduled', 'confirmed', 'checked_in']);
  });

  it('reminds only scheduled and confirmed appointments, the ones not yet begun or closed', () => {
    assert.deepEqual(APPOINTMENT_STATUSES.filter(isRemindable), ['scheduled', 'confirmed']);
    assert.deepEqual([...REMINDABLE_STATUSES], ['scheduled', 'confirmed']);
    for (const status of REMINDABLE_STATUSES) assert.ok(isActive(status) && !isClosed(status), status);
  });

  it('offers status changes without the cancel action', () => {
    assert.deepEqual(nextStatuses('scheduled'), ['confirmed', 'checked_in', 'no_show']);
    assert.deepEqual(nextStatuses('in_progress'), ['completed']);
  });
});
