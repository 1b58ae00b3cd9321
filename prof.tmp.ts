import { authConfig, issueToken } from './gateway/auth.js';
import example from './processes/job-change/examples/application.json' with { type: 'json' };
import { randomUUID } from 'node:crypto';
const url = 'http://127.0.0.1:23900';
const token = await issueToken(authConfig('prof-secret-0123456789abcdef0123456789'), { subject: 'emp', role: 'employer', organisation: '12345678', exp: Math.floor(Date.now()/1000)+3600 } as any);
const res = await fetch(`${url}/api/v1/procedures/job-change/cases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify({ ...example, employer: { ...example.employer, employerId: '12345678' } }) });
const { caseId } = await res.json() as any; console.log(res.status, caseId);
await new Promise((r) => setTimeout(r, 2000));
const lat: number[] = [];
const t0 = performance.now();
for (let i = 0; i < 3000; i++) { const t = performance.now(); const r = await fetch(`${url}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } }); await r.arrayBuffer(); if (r.status !== 200) throw new Error(String(r.status)); lat.push(performance.now() - t); }
lat.sort((a, b) => a - b);
console.log('sequential status: n', lat.length, 'p50', lat[1500].toFixed(2), 'p99', lat[2970].toFixed(2), 'total s', ((performance.now() - t0)/1000).toFixed(1));
