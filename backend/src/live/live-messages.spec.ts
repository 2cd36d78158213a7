import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LiveEnvelope, MAX_NOTIFY_BYTES, messageFor, packEnvelope, reaches, unpackEnvelope } from './live-messages.js';

const entry = { id: 'a1', patientName: 'محمد العتيبي', notes: 'Suspected abscess', status: 'scheduled' };
const envelope: LiveEnvelope = { clinicId: 'c1', type: 'appointment.created', data: entry };

describe('live messages', () => {
  it('travel through NOTIFY unchanged', () => {
    assert.deepEqual(unpackEnvelope(packEnvelope(envelope)), envelope);
  });

  it('shrink to the id when too large for NOTIFY, marked partial for the client to refetch', () => {
    const large: LiveEnvelope = { ...envelope, data: { ...entry, notes: 'x'.repeat(MAX_NOTIFY_BYTES) } };
    const packed = packEnvelope(large);
    assert.ok(Buffer.byteLength(packed) < 8000);
    assert.deepEqual(unpackEnvelope(packed), { ...large, data: { id: 'a1' }, partial: true });
    assert.deepEqual(messageFor(unpackEnvelope(packed)!, 'RECEPTIONIST'), {
      type: 'appointment.created',
      data: { id: 'a1', partial: true },
    });
  });

  it('ignore payloads that are not envelopes', () => {
    for (const payload of ['', 'not json', '{}', '{"clinicId":"c1","type":"x"}', '{"clinicId":1,"type":"x","data":{"id":"a"}}']) {
      assert.equal(unpackEnvelope(payload), undefined, payload);
    }
  });

  const cases: [string, Parameters<typeof messageFor>[1], boolean][] = [
    ['an Owner', 'OWNER', true],
    ['a Dentist', 'DENTIST', true],
    ['an Assistant', 'ASSISTANT', true],
    ['a Receptionist', 'RECEPTIONIST', false],
    ['an Accountant', 'ACCOUNTANT', false],
  ];
  for (const [who, role, clinical] of cases) {
    it(`give ${who} ${clinical ? 'the notes' : 'no clinical text'}`, () => {
      const { data } = messageFor(envelope, role);
      assert.equal('notes' in data, clinical);
      assert.equal(data.patientName, entry.patientName);
    });
  }

  it('reach only their audience when one is named', () => {
    assert.equal(reaches(envelope, 'ACCOUNTANT'), true);
    assert.equal(reaches({ ...envelope, audience: ['OWNER', 'ACCOUNTANT'] }, 'ACCOUNTANT'), true);
    assert.equal(reaches({ ...envelope, audience: ['OWNER', 'ACCOUNTANT'] }, 'DENTIST'), false);
  });
});
