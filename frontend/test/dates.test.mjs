// Unit tests of the page's date and grade rules (the same as graph/date.go
// and graph/grade.go on the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDates, holdsAt, holdsIn, overlaps, isLowGrade, admits, monthRange, parseGrade } from '../src/dates.js';

test('partial dates compare at the coarser precision', () => {
  assert.equal(compareDates('2024-10', '2024-10-18'), 0);
  assert.equal(compareDates('2024', '2023-12'), 1);
  assert.equal(compareDates('2023-12-31', '2024'), -1);
});

test('an interval holds at an as-of date', () => {
  assert.equal(holdsAt('', '', ''), true);
  assert.equal(holdsAt('2024', '', '2023-12'), false);
  assert.equal(holdsAt('2024-10', '', '2024-10-01'), true);
  assert.equal(holdsAt('', '2024', '2024-12-31'), true);
  assert.equal(holdsAt('', '2023', '2024-01'), false);
  assert.equal(holdsAt('2022', '2022', '2022-06'), true);
});

test('low grade: reliability D-F or credibility 4-6', () => {
  assert.equal(isLowGrade('B2'), false);
  assert.equal(isLowGrade('C3'), false);
  assert.equal(isLowGrade('D1'), true);
  assert.equal(isLowGrade('A4'), true);
  assert.equal(isLowGrade('', 6), true, 'no grade: F6');
  assert.deepEqual(parseGrade('', 2), { rel: 'F', cred: 2 });
});

test('minimum grade admits grades at least as good on each constrained half', () => {
  assert.equal(admits('B2', 2, 'B', ''), true);
  assert.equal(admits('C2', 2, 'B', ''), false);
  assert.equal(admits('A3', 3, '', '2'), false);
  assert.equal(admits('A2', 2, 'B', '3'), true);
  assert.equal(admits('F6', 6, '', ''), true);
});

test('the as-of slider runs from January of the year before the earliest date to December of the latest', () => {
  const m = monthRange(['2024-10', '2023', '', '2025-02-01']);
  assert.equal(m[0], '2022-01');
  assert.equal(m[m.length - 1], '2025-12');
  assert.equal(m.length, 48);
  assert.deepEqual(monthRange([]), []);
});

test('overlaps: a span meets a window as graph.Window.Overlaps (the calendar cases of graph/storetest/window.go)', () => {
  const spans = { s1: ['2024-10', ''], s2: ['2024-10-19', ''], s3: ['', '2024'], s4: ['', '2024-10-17'], s5: ['2023', '2023-12'],
    s6: ['', ''], s7: ['2024-11', ''], s8: ['2024-10-18', '2024-10-18'], s9: ['2022', '2022'] };
  const within = (from, to) => Object.keys(spans).filter(k => overlaps(spans[k][0], spans[k][1], from, to));
  assert.deepEqual(within('2024-10-18', '2024-10-18'), ['s1', 's3', 's6', 's8']);
  assert.deepEqual(within('2023-06', '2024-09'), ['s3', 's4', 's5', 's6']);
  assert.deepEqual(within('2024-11', ''), ['s1', 's2', 's3', 's6', 's7']);
  assert.deepEqual(within('', '2022'), ['s3', 's4', 's6', 's9']);
  assert.equal(holdsIn('2024', '2024', { asOf: '2023-12-31', fromDate: '2024', toDate: '2024' }), false);
  assert.equal(holdsIn('', '2024', { asOf: '2023-12-31', fromDate: '2024', toDate: '2024' }), true);
});
