// Runs the official Cloudflare TypeScript SDK (cloudflare@7.3.0) against a running Dragnet server.
// The Java test harness starts the server, sets the DRAGNET_* variables and runs
// `node --test compat.test.mjs` in this folder. See README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Cloudflare from 'cloudflare';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (see README.md)`);
  return value;
}

const baseURL = env('DRAGNET_BASE_URL');
const account_id = env('DRAGNET_ACCOUNT_ID');
const otherAccountId = env('DRAGNET_OTHER_ACCOUNT_ID');

// Every credential option is given explicitly: the constructor otherwise falls back to
// CLOUDFLARE_API_TOKEN / CLOUDFLARE_API_KEY / CLOUDFLARE_EMAIL / CLOUDFLARE_API_USER_SERVICE_KEY
// from the environment, which would leak extra auth headers into these requests.
function client(credentials = {}, extra = {}) {
  return new Cloudflare({
    baseURL,
    maxRetries: 0,
    timeout: 15_000,
    apiToken: null,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    ...credentials,
    ...extra,
  });
}

const writer = client({ apiToken: env('DRAGNET_WRITE_TOKEN') });
const reader = client({ apiToken: env('DRAGNET_READ_TOKEN') });
const legacy = client({ apiEmail: env('DRAGNET_AUTH_EMAIL'), apiKey: env('DRAGNET_AUTH_KEY') });
const bogus = client({ apiToken: 'not-a-real-token-0000' });

// A client that sends no credentials at all. With all four credential options null the SDK
// (client.js, buildHeaders/validateHeaders) does not throw "Could not resolve authentication
// method": buildHeaders always lists 'X-Auth-Key': this.apiKey and 'X-Auth-Email': this.apiEmail,
// and a null value there marks the header as explicitly omitted, which validateHeaders accepts.
// Nothing is sent for them. The recording fetch proves no auth header went out, so a future SDK
// that behaves differently fails here instead of silently testing something else.
const sentHeaders = [];
const anonymous = client(
  {},
  {
    fetch: (url, init) => {
      sentHeaders.push(new Headers(init?.headers));
      return fetch(url, init);
    },
  },
);

const bulk = (c = writer) => c.emailSecurity.investigate.bulk;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const COUNTERS = [
  'total_messages_discovered',
  'messages_pending',
  'messages_successful',
  'messages_failed',
  'messages_skipped',
  'messages_cancelled',
];
const MESSAGE_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];

function createMove(c = writer, overrides = {}) {
  return bulk(c).create({
    account_id,
    action: 'MOVE',
    search_params: { sender: 'x@example.com' },
    destination: 'JunkEmail',
    comment: 'sdk compat: move',
    ...overrides,
  });
}

function createRelease(c = writer, overrides = {}) {
  return bulk(c).create({
    account_id,
    action: 'RELEASE',
    search_params: { sender: 'x@example.com' },
    comment: 'sdk compat: release',
    ...overrides,
  });
}

// Awaits a call that must fail; checks the SDK's error class, the HTTP status and the envelope.
// The SDK (core/error.js) puts the parsed JSON body in err.error and its `errors` array in err.errors.
async function expectApiError(promise, ErrorClass, status, code) {
  let err;
  try {
    const result = await promise;
    assert.fail(`expected ${ErrorClass.name} (${status}), got success: ${JSON.stringify(result)}`);
  } catch (e) {
    err = e;
  }
  if (err instanceof assert.AssertionError) throw err;
  assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${err?.constructor?.name}: ${err?.message}`);
  assert.equal(err.status, status);
  assert.equal(err.error?.success, false, 'error envelope has success: false');
  assert.equal(err.error?.result, null, 'error envelope has result: null');
  assert.ok(Array.isArray(err.errors) && err.errors.length >= 1, 'error envelope has at least one error');
  for (const e of err.errors) {
    assert.ok(Number.isInteger(e.code) && e.code >= 1000, `error code ${e.code} is an integer >= 1000`);
    assert.equal(typeof e.message, 'string');
  }
  if (code !== undefined) {
    const codes = err.errors.map((e) => e.code);
    const matches = typeof code === 'function' ? codes.some(code) : codes.includes(code);
    assert.ok(matches, `unexpected error codes ${JSON.stringify(codes)}`);
  }
  return err;
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

// Fields that never change after creation. Once the job engine runs, a job may leave PENDING
// between two calls, so only these are comparable across calls in that case.
function fixedFields(job) {
  const { job_id, action_type, action_params, search_params, created_at, comment } = job;
  return { job_id, action_type, action_params, search_params, created_at, comment };
}

test('create a MOVE job', async () => {
  const job = await createMove();

  assert.match(job.job_id, UUID);
  assert.equal(job.action_type, 'MOVE');
  assert.equal(job.status, 'PENDING');
  for (const counter of COUNTERS) assert.equal(job[counter], 0, counter);

  // expected_disposition is optional in the schema: absent or null are both fine here.
  const { expected_disposition = null, ...actionParams } = job.action_params;
  assert.deepEqual(actionParams, { type: 'MOVE', destination: 'JunkEmail' });
  assert.equal(expected_disposition, null);

  assert.equal(job.search_params.sender, 'x@example.com');
  assert.equal(job.search_params.detections_only, true, 'detections_only default is filled in');

  assert.equal(job.comment, 'sdk compat: move');
  assert.match(job.created_at, TIMESTAMP);
  assert.equal(job.started_at, null);
  assert.equal(job.completed_at, null);
});

test('create a RELEASE job and get it by id', async () => {
  const created = await createRelease();
  assert.equal(created.action_type, 'RELEASE');
  assert.deepEqual(created.action_params, { type: 'RELEASE' });

  const got = await bulk().get(created.job_id, { account_id });
  if (got.status === 'PENDING') {
    assert.deepEqual(got, created);
  } else {
    assert.deepEqual(fixedFields(got), fixedFields(created));
  }
});

test('list jobs with auto-pagination, newest first, and filter by action_type', async () => {
  const created = [];
  for (let i = 0; i < 25; i++) {
    created.push(await (i % 2 === 0 ? createMove() : createRelease()));
  }
  const createdIds = created.map((job) => job.job_id);

  const firstPage = await bulk().list({ account_id, per_page: 10 });
  assert.equal(firstPage.result.length, 10);
  assert.equal(firstPage.result_info.count, 10);
  assert.equal(firstPage.result_info.per_page, 10);

  const listed = await collect(bulk().list({ account_id, per_page: 10 }));
  const listedIds = listed.map((job) => job.job_id);

  for (const id of createdIds) {
    assert.equal(listedIds.filter((x) => x === id).length, 1, `job ${id} listed exactly once`);
  }
  for (let i = 1; i < listed.length; i++) {
    assert.ok(listed[i - 1].created_at >= listed[i].created_at, `created_at non-increasing at index ${i}`);
  }
  // The server orders by creation sequence, so the ids in reverse creation order must appear
  // in that relative order even where created_at ties within a millisecond.
  const newestFirst = [...createdIds].reverse();
  assert.deepEqual(
    listedIds.filter((id) => createdIds.includes(id)),
    newestFirst,
  );

  const releases = await collect(bulk().list({ account_id, per_page: 10, action_type: 'RELEASE' }));
  assert.ok(releases.length > 0);
  for (const job of releases) assert.equal(job.action_type, 'RELEASE');
  const releaseIds = new Set(releases.map((job) => job.job_id));
  for (const job of created) {
    assert.equal(releaseIds.has(job.job_id), job.action_type === 'RELEASE', `filtering of ${job.job_id}`);
  }
});

test('cancel a job, then cancelling again conflicts', async () => {
  const job = await createMove();

  const cancelled = await bulk().cancel.create(job.job_id, { account_id });
  assert.equal(cancelled.job_id, job.job_id);
  assert.equal(cancelled.status, 'CANCELLED');
  assert.match(cancelled.completed_at, TIMESTAMP);

  await expectApiError(bulk().cancel.create(job.job_id, { account_id }), Cloudflare.ConflictError, 409, 1105);
});

test('delete a cancelled job, then it is gone', async () => {
  const job = await createMove();
  await bulk().cancel.create(job.job_id, { account_id });

  const deleted = await bulk().delete(job.job_id, { account_id });
  assert.deepEqual(deleted, { id: job.job_id });

  await expectApiError(bulk().get(job.job_id, { account_id }), Cloudflare.NotFoundError, 404, 1104);
});

test('delete of a PENDING job conflicts', async () => {
  const job = await createMove();
  await expectApiError(bulk().delete(job.job_id, { account_id }), Cloudflare.ConflictError, 409, 1105);
});

test('list the messages of a job with auto-pagination', async () => {
  const job = await createMove();
  const messages = await collect(bulk().messages.list(job.job_id, { account_id, per_page: 5 }));
  assert.ok(Array.isArray(messages));
  for (const m of messages) {
    assert.equal(typeof m.message_id, 'string');
    assert.ok(MESSAGE_STATUSES.includes(m.status), `message status ${m.status}`);
  }
});

test('auto-paginate the rows of a job that has some', async () => {
  // The harness seeds this job with rows (the discovery engine is not part of the server yet).
  const jobId = env('DRAGNET_SEEDED_JOB_ID');
  const expected = Number(env('DRAGNET_SEEDED_JOB_ROWS'));
  const rows = await collect(bulk(reader).messages.list(jobId, { account_id, per_page: 5 }));
  assert.equal(rows.length, expected);
  assert.equal(new Set(rows.map((m) => m.message_id)).size, expected, 'no row is listed twice');
  for (const m of rows) {
    assert.match(m.message_id, UUID);
    assert.equal(m.action_params.type, m.action_type);
    assert.equal(typeof m.action_params.client_recipient, 'string');
    assert.ok(MESSAGE_STATUSES.includes(m.status), `message status ${m.status}`);
  }
  const pending = await collect(bulk(reader).messages.list(jobId, { account_id, status: 'PENDING' }));
  assert.equal(pending.length, expected);
});

test('no credentials: 401 AuthenticationError', async () => {
  sentHeaders.length = 0;
  await expectApiError(bulk(anonymous).list({ account_id }), Cloudflare.AuthenticationError, 401, 9106);
  assert.equal(sentHeaders.length, 1);
  for (const name of ['authorization', 'x-auth-email', 'x-auth-key', 'x-auth-user-service-key']) {
    assert.equal(sentHeaders[0].has(name), false, `${name} was not sent`);
  }
});

test('read-only token: may get, may not create (403 PermissionDeniedError)', async () => {
  const job = await createMove();
  const got = await bulk(reader).get(job.job_id, { account_id });
  assert.equal(got.job_id, job.job_id);

  await expectApiError(createMove(reader), Cloudflare.PermissionDeniedError, 403, 10000);
});

test('write token on an account it cannot access: 403 PermissionDeniedError', async () => {
  await expectApiError(
    createMove(writer, { account_id: otherAccountId }),
    Cloudflare.PermissionDeniedError,
    403,
    10000,
  );
});

test('unknown token: 403 PermissionDeniedError', async () => {
  await expectApiError(bulk(bogus).list({ account_id }), Cloudflare.PermissionDeniedError, 403, 9109);
});

test('get of an unknown job: 404 NotFoundError', async () => {
  await expectApiError(bulk().get(randomUUID(), { account_id }), Cloudflare.NotFoundError, 404, 1104);
});

test('MOVE without destination: 400 BadRequestError pointing at /destination', async () => {
  const err = await expectApiError(
    bulk().create({ account_id, action: 'MOVE', search_params: { sender: 'x@example.com' } }),
    Cloudflare.BadRequestError,
    400,
    (code) => code >= 1001 && code <= 1099,
  );
  assert.ok(
    err.errors.some((e) => e.source?.pointer === '/destination'),
    `an error names /destination: ${JSON.stringify(err.errors)}`,
  );
});

test('legacy X-Auth-Email + X-Auth-Key: create and get', async () => {
  const created = await createMove(legacy);
  assert.match(created.job_id, UUID);
  const got = await bulk(legacy).get(created.job_id, { account_id });
  assert.deepEqual(fixedFields(got), fixedFields(created));
});
