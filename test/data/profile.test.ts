import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { loadProfile, PROFILE_DIR } from '../../src/data/reading/profile.js';
import { parseYaml } from '../../src/load/yaml.js';
import { validateAgainst } from '../../src/load/schema.js';
import { edit, fixture, scratchCopy } from '../helpers.js';
import { prepareCheck } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import { readFixture, write } from './support.js';

const useProfile = (dir: string, profile: string) => edit(path.join(dir, 'evidence.yaml'), 'profile: generic', `profile: ${profile}`);

// The fixture's eight in-period visits (plus one after the period) in two systems' export shapes.
const TELEPHONY = `Call Ref,Service User ID,Carer ID,Planned Start,Planned Duration,Call In,Actual Duration,Call Method,Reason Code,Call Status
V1,C1,K1,01/04/2025 08:00,30,01/04/2025 08:05,30,Telephony,,Visited
V2,C1,K2,15/04/2025 08:00,30,15/04/2025 08:45,28,Landline,,Visited
V3,C2,K1,20/04/2025 09:00,15,20/04/2025 09:00,15,Manual,NOLINE,Visited
V4,C2,K1,02/05/2025 09:00,30,,,,,Not Visited
V5,C1,K1,10/05/2025 08:00,45,10/05/2025 08:10,44,Mobile,,Visited
V6,C3,K3,30/05/2025 18:00,30,30/05/2025 17:55,31,Telephony,,Missed
V7,C3,K2,01/06/2025 07:30,60,01/06/2025 07:50,58,Telephony,,Visited
V8,C1,K3,30/06/2025 21:00,30,30/06/2025 21:02,30,Telephony,,Visited
V9,C2,K2,01/07/2025 08:00,30,01/07/2025 08:00,30,Telephony,,Visited
`;
const GPS_APP = `Visit ID,Care Recipient ID,Caregiver ID,Scheduled Start,Scheduled Duration (min),Check-in Time,Visit Duration (min),Check-in Method,Outside Geofence,Visit Status
V1,C1,K1,2025-04-01T07:00:00Z,30,2025-04-01T07:05:00Z,30,GPS,false,Completed
V2,C1,K2,2025-04-15T07:00:00Z,30,2025-04-15T07:45:00Z,28,QR code,false,Completed
V3,C2,K1,2025-04-20T08:00:00Z,15,2025-04-20T08:00:00Z,15,Manual,false,Completed
V4,C2,K1,2025-05-02T08:00:00Z,30,,,,,Missed
V5,C1,K1,2025-05-10T07:00:00Z,45,2025-05-10T07:10:00Z,44,One-time password,false,Completed
V6,C3,K3,2025-05-30T17:00:00Z,30,2025-05-30T16:55:00Z,31,GPS,true,Missed
V7,C3,K2,2025-06-01T06:30:00Z,60,2025-06-01T06:50:00Z,58,GPS,false,Completed
V8,C1,K3,2025-06-30T20:00:00Z,30,2025-06-30T20:02:00Z,30,NFC,false,Completed
V9,C2,K2,2025-07-01T07:00:00Z,30,2025-07-01T07:00:00Z,30,GPS,false,Completed
`;

describe('mapping profiles', () => {
  it('every bundled profile is valid against schemas/profile.schema.json and names its schema', () => {
    const files = readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['generic.yaml', 'telephony-ecm.yaml', 'gps-app.yaml']));
    for (const file of files) {
      const text = readFileSync(path.join(PROFILE_DIR, file), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../schemas/profile.schema.json')).toBe(true);
      const parsed = parseYaml(text, file);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
      expect(validateAgainst('profile', parsed.value)).toEqual([]);
      const loaded = loadProfile(file.replace(/\.yaml$/, ''), PROFILE_DIR);
      expect(loaded.ok).toBe(true);
    }
  });

  it('generic: carespec column names, matched case-insensitively', async () => {
    const data = await readFixture((dir) => edit(path.join(dir, 'data', 'visits.csv'), 'visit_id,client_id', 'Visit_ID, CLIENT_ID'));
    expect(data.metrics.get('visit_count')?.value).toBe(8);
  });

  it('telephony-ecm: UK dates, code values, a derived start delay and a constant for gps_forced', async () => {
    const data = await readFixture((dir) => {
      write(dir, 'data/visits.csv', TELEPHONY);
      useProfile(dir, 'telephony-ecm');
    });
    expect(data.findings.filter((f) => f.kind !== 'reconciliation')).toEqual([]);
    expect(data.metrics.get('visit_count')?.value).toBe(8);
    expect(data.metrics.get('completed_share')?.value).toBe(75);
    expect(data.metrics.get('punctuality')?.value).toBeCloseTo(83.333, 3); // from the derived start_delay_minutes
    expect(data.metrics.get('median_delay')?.value).toBe(5);
    expect(data.records.get('visit-min-length')).toMatchObject({ checked: 6, failed: 1 });
    expect(data.inputs).toContainEqual(expect.objectContaining({ role: 'profile', path: 'telephony-ecm (bundled profile)' }));
  });

  it('gps-app: ISO timestamps with a zone, app check-in methods and geofence flags', async () => {
    const data = await readFixture((dir) => {
      write(dir, 'data/visits.csv', GPS_APP);
      useProfile(dir, 'gps-app');
    });
    expect(data.findings.filter((f) => f.kind !== 'reconciliation')).toEqual([]);
    expect(data.metrics.get('visit_count')?.value).toBe(8);
    expect(data.metrics.get('punctuality')?.value).toBeCloseTo(83.333, 3);
    expect(data.metrics.get('carers_per_client')?.value).toBeCloseTo(5 / 3, 6);
  });

  it('a provider profile next to the manifest: maps headers and value codes', async () => {
    const data = await readFixture((dir) => {
      write(dir, 'my-system.yaml', `# yaml-language-server: $schema=../schemas/profile.schema.json
carespec: profile/1
id: my-system
title: My system
kind: visits
columns:
  status: { header: Outcome, values: { DONE: completed, MISS: missed } }
`);
      edit(path.join(dir, 'data', 'visits.csv'), ',status,', ',Outcome,');
      const file = path.join(dir, 'data', 'visits.csv');
      write(dir, 'data/visits.csv', readFileSync(file, 'utf8').replace(/,completed,/g, ',DONE,').replace(/,missed,/g, ',MISS,'));
      useProfile(dir, 'my-system.yaml');
    });
    expect(data.metrics.get('completed_share')?.value).toBe(75);
    expect(data.inputs).toContainEqual(expect.objectContaining({ role: 'profile', path: expect.stringMatching(/my-system\.yaml$/) }));
  });

  it('refuses, before reading data, a profile path that leaves the manifest folder, an unknown bundled name, an invalid profile and a profile for another kind', async () => {
    // Bad input (exit 2 through the CLI), never a dataset that silently yields no rows.
    const refusal = (mutate: (dir: string) => void) => {
      const dir = scratchCopy(fixture('data'));
      mutate(dir);
      const prepared = prepareCheck(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'));
      if (prepared.ok) throw new Error('expected the check to be refused');
      return prepared.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column} ${d.code} ${d.field ?? ''} ${d.message}`).join('\n');
    };
    expect(refusal((dir) => useProfile(dir, '../outside.yaml'))).toMatch(/^evidence\.yaml:0:0 profile\/path datasets\.0\.profile .*leaves the manifest's folder/);
    expect(refusal((dir) => useProfile(dir, 'gps-ap'))).toMatch(/profile\/unknown datasets\.0\.profile Dataset "visits": no bundled mapping profile named "gps-ap" \(did you mean "gps-app"\?\)/);
    expect(refusal((dir) => {
      write(dir, 'bad.yaml', 'carespec: profile/1\nid: bad\ntitle: Bad\ncolumns: { status: { header: 3 } }\n');
      useProfile(dir, 'bad.yaml');
    })).toMatch(/^bad\.yaml:4:/);
    expect(refusal((dir) => {
      write(dir, 'pay.yaml', 'carespec: profile/1\nid: pay\ntitle: Pay\nkind: payroll\n');
      useProfile(dir, 'pay.yaml');
    })).toBe('pay.yaml:4:7 profile/kind kind Unexpected use of profile "pay.yaml" for visits data: it maps payroll data');
  });

  it('still says why in a finding when the data phase is called without the pre-flight (library use)', async () => {
    const dir = scratchCopy(fixture('data'));
    const prepared = prepareCheck(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'));
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics));
    const evidence = { ...prepared.value.evidence, datasets: prepared.value.evidence.datasets.map((d) => (d.id === 'visits' ? { ...d, profile: 'no-such-system' } : d)) };
    const data = await readDatasets(prepared.value.plan, evidence, { pseudonymKey: 'test-key' });
    expect(data.metrics.get('visit_count')?.reason).toMatch(/^dataset visits: no bundled mapping profile named "no-such-system"/);
  });
});
