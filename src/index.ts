/**
 * carespec as a library: the operations every command uses, the model types
 * and the formatter registry. Embed it the way a portal or a CI job embeds a
 * linter (docs/api.md):
 *
 *   import { preparePlan, checkEvidence, renderReport } from 'carespec';
 *   const plan = preparePlan('spec.md');            // once; immutable, shared by any number of runs
 *   const result = await checkEvidence(plan.value, 'evidence.yaml');
 *   const html = await renderReport('html', result.value);
 *
 * Every input is a path or its content in memory, read the same way (no temporary files):
 *
 *   await checkEvidence(plan.value, { name: 'evidence.yaml', content: manifestText, files: { 'data/visits.csv': csvBuffer } });
 *
 * Every operation returns diagnostics instead of throwing for bad input.
 */

// The check: one specification, one or many providers.
export { check, checkEvidence, evidenceAgainstPlan, preparePlan, prepareCheck, type CheckInputs, type RunOptions, type Step } from './pipeline.js';
export type { EvidenceSource, FileMap, InMemoryEvidence, InMemoryFile, InMemorySpecification, SpecificationSource, TextSource } from './load/memory.js';
export type { Plan, PlannedRule } from './validate/assemble.js';
export { readDatasets, type ReadDataOptions } from './data/index.js';
export { NO_DATA, type DataEvidence } from './evaluate/context.js';

// Validation, lint and rule tests (the authoring side).
export { detectKind, validateFile, type FileKind } from './validate/file.js';
export { lint, LINT_CODES, type LintCode, type LintTargets } from './authoring/lint/index.js';
export { Workspace } from './authoring/workspace.js';
export { coverageOf, Plans, runExamples, runTestFile, type CaseResult, type RuleCoverage } from './authoring/rule-tests.js';
export { explainRule, renderExplanation, type Explanation } from './authoring/explain.js';
export { renderSpecification } from './authoring/render-spec.js';
export { evidenceChecklist, evidenceTemplate } from './authoring/template.js';

// The commissioner's view: many providers against one specification, and what changed between runs.
export { checkPortfolio, type PortfolioOptions } from './portfolio/api.js';
export { loadPortfolioManifest, type PortfolioManifest } from './portfolio/manifest.js';
export type { PortfolioReport } from './portfolio/types.js';
export { assessImpact, diffFiles, type ImpactOptions } from './compare/api.js';
export type { DiffReport, ImpactReport } from './compare/reports.js';

// Reports: one registry of formats, each a pure function of a result.
export { isReportFormat, renderReport, REPORT_FORMAT_NAMES, REPORT_FORMATS, type Audience, type Formatter, type FormatOptions, type ReportFormatName } from './render/formats.js';
export { PORTFOLIO_FORMAT_NAMES, renderPortfolio, type PortfolioFormatName } from './render/portfolio-formats.js';
export { DIFF_FORMAT_NAMES, IMPACT_FORMAT_NAMES, renderDiff, renderImpact, type DiffFormatName, type ImpactFormatName } from './render/compare-formats.js';
export { COMPLIANCE_FORMULA } from './evaluate/verdict.js';

// Problems and the data model (schemas/ has the same shapes as JSON Schemas).
export { formatDiagnostic, formatProblem, hasErrors, type Diagnostic, type DiagnosticSeverity, type Outcome, type Problem, type ProblemSeverity } from './model/diagnostic.js';
export type * from './model/types.js';
export { ENGINE_VERSION } from './version.js';
