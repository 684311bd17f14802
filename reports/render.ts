/**
 * Renders a `VerifyReport` into report files (relative path → content) and writes them. The
 * same report always gives the same files, byte for byte: nothing here reads a clock. The one
 * exception is given, not read: the measured durations become the JUnit report's `time` attributes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Durations } from '../properties/durations.ts';
import type { VerifyReport } from '../properties/results.ts';
import { htmlReport } from './html.ts';
import { jsonReport } from './json.ts';
import { junitReport } from './junit.ts';
import { markdownIndex, markdownStrategy } from './markdown.ts';
import { reportModel } from './reportModel.ts';

export type ReportFormat = 'md' | 'html' | 'json' | 'junit';
export const reportFormats: readonly ReportFormat[] = ['md', 'html', 'json', 'junit'];

export function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}

export interface ReportFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** The files of a report, sorted by path; `durations` (measured by the run) time the JUnit report. */
export function renderReport(report: VerifyReport, formats: readonly ReportFormat[] = reportFormats, durations?: Durations): ReportFile[] {
  const model = reportModel(report);
  const files: ReportFile[] = [];
  if (formats.includes('md')) {
    files.push({ path: 'index.md', content: markdownIndex(model) });
    for (const s of model.strategies) files.push({ path: `strategies/${s}.md`, content: markdownStrategy(model, s) });
  }
  if (formats.includes('html')) files.push({ path: 'report.html', content: htmlReport(model) });
  if (formats.includes('json')) files.push({ path: 'report.json', content: jsonReport(model) });
  if (formats.includes('junit')) files.push({ path: 'junit.xml', content: junitReport(model, durations) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes the files under `dir`, creating folders as needed. */
export function writeReport(dir: string, files: readonly ReportFile[]): void {
  for (const f of files) {
    const target = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
}
