import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/jineng.js ARGS` from the repository root, optionally feeding stdin. */
function jineng(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/jineng.js', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const batch = {
  people: [{ id: '610102199001011234', groups: ['lifted_out_of_poverty'] }],
  institutions: [{ id: 'I1', blacklisted_since: null }],
  enterprises: [{ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: { checked: 10, unaware: 1 } }],
  classes: [
    {
      id: 'K1',
      type: 'employment_skills',
      key_group: true,
      institution: 'I1',
      start: '2021-04-01',
      end: '2021-04-20',
      standard: 1200,
      trainees: [
        { person: '610102199001011234', registered_before_start: true, completed: true, passed: true, days_attended: 15, employed: true, voucher: 'V002' },
        { person: '610102199202022345', registered_before_start: false, completed: true, passed: true, days_attended: 15, employed: true, voucher: null },
      ],
    },
  ],
  claims: [
    { id: 'C1', kind: 'training', class: 'K1', date: '2021-05-10' },
    { id: 'C2', kind: 'living_allowance', class: 'K1', person: '610102199001011234', living_per_day: 25, transport_per_day: 30, date: '2021-05-10' },
    { id: 'C3', kind: 'work_as_training', enterprise: 'E1', person: '610102199303033456', standard: 500.15, wage: 1900, min_wage: 1800, date: '2021-06-01' },
  ],
};

const expected = {
  policy: 'shaanxi-2021',
  results: [
    {
      claim: 'C1',
      decision: 'partial',
      amount: 1200,
      lines: [
        { person: '610102199001011234', amount: 1200, rule: 'training.standard' },
        { person: '610102199202022345', amount: 0, rule: 'training.not_registered' },
      ],
      reasons: [],
    },
    { claim: 'C2', decision: 'partial', amount: 750, lines: [{ person: '610102199001011234', amount: 750, rule: 'living.rate_capped' }] },
    { claim: 'C3', decision: 'partial', amount: 350.11, lines: [{ person: '610102199303033456', amount: 350.11, rule: 'wat.no_certificate_70pct' }] },
  ],
};

describe('jineng policy evaluate', { timeout: 60_000 }, () => {
  let dir: string;
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jineng-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints only the result document and exits 0', async () => {
    const run = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021', file('batch.json', JSON.stringify(batch))]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { results: { reasons: { rule: string }[] }[] };
    expect(doc).toMatchObject(expected);
    expect(doc.results[1].reasons.map((r) => r.rule)).toEqual(['living.rate_capped']);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads the batch from stdin when FILE is -, with or without a byte-order mark', async () => {
    const run = await jineng(['policy', 'evaluate', '--policy=shaanxi-2021', '-'], `\ufeff${JSON.stringify(batch)}`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject(expected);
  });

  it('exits 2 for an unknown policy set and names the option', async () => {
    const run = await jineng(['policy', 'evaluate', '--policy', 'yunnan-2099', file('ok.json', JSON.stringify(batch))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('未知的政策集');
    expect(run.stderr).toContain('--policy');
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'policy.unknown' } });
  });

  it('exits 2 naming the JSON path of a claim that names an unknown class', async () => {
    const bad = { ...batch, claims: [...batch.claims, { id: 'C4', kind: 'training', class: 'K9', date: '2021-05-10' }] };
    const run = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021', file('bad.json', JSON.stringify(bad))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('claims[3].class');
    const out = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(out.error.code).toBe('policy.invalid_input');
    expect(out.error.message).toContain('claims[3].class');
    expect(run.stdout).not.toContain('results');
  });

  it('exits 2 naming the JSON path of a missing field', async () => {
    const bad = { ...batch, claims: [{ id: 'C1', kind: 'living_allowance', class: 'K1', person: '610102199001011234', living_per_day: 20, date: '2021-05-10' }] };
    const run = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021', file('missing.json', JSON.stringify(bad))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('claims[0].transport_per_day');
  });

  it('exits 2 for a missing file, invalid JSON, or no FILE argument', async () => {
    const missing = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('文件不存在');
    const notJson = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021', file('broken.json', '{"claims": [')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('不是有效的 JSON');
    const noFile = await jineng(['policy', 'evaluate', '--policy', 'shaanxi-2021']);
    expect(noFile.code).toBe(2);
    const noPolicy = await jineng(['policy', 'evaluate', file('ok2.json', JSON.stringify(batch))]);
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain('--policy');
  });
});
