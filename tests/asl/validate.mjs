// The state-machine tier (mk/statemachines.mk): every Step Functions definition render writes for
// the example configurations (the definition input of each aws:sfn/stateMachine:StateMachine
// resource in ORGBACKUP_RENDERED/<example>/resources.json) under asl-validator, pinned in
// package-lock.json. Every finding fails the tier except the one validator limit recorded below;
// an acceptance no definition needs any more fails it too, so the record stays exact.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const validate = require("asl-validator");
const version = require("asl-validator/package.json").version;

const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";

// The validator's limit: its JSON schema (jsonata.json#/definitions/output) allows a JSONata state's
// Output only as a "{% expression %}" string or an object, so `"Output": ""` (the ingest and
// reconcile state machines' Pass and Map states that keep only their Assign) fails it. AWS accepts
// it: "The output field accepts any JSON value (object, array, string, number, boolean, null). Any
// string value, including those inside objects or arrays, will be evaluated as JSONata if surrounded
// by {% %} characters. Output also accepts a JSONata expression directly." (the Output field of
// the Pass, Map and other JSONata states; Transforming data with JSONata in Step Functions,
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html, and the same words
// in the AWS CDK's reference, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.JsonataCommonOptions.html).
//
// Accepted exactly: a SCHEMA_VALIDATION_FAILED finding at <state>/Output whose state's Output is
// the empty string, with the <state>/Type finding the schema's oneOf over the state types adds for
// the same state. And the definition with each such Output written as the equivalent JSONata
// expression "{% '' %}" must then pass the validator with no finding at all, so the acceptance
// hides nothing else.
const EMPTY_OUTPUT_AS_JSONATA = "{% '' %}";

// The value at a JSON pointer ("/States/SetVars/Output") of doc.
function at(doc, pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((v, key) => (v === undefined || v === null ? undefined : v[key]), doc);
}

// Every state object of a definition, nested ones (Map's ItemProcessor, Parallel's Branches) too.
function* states(definition) {
  for (const state of Object.values(definition.States ?? {})) {
    yield state;
    if (state.ItemProcessor) yield* states(state.ItemProcessor);
    if (state.Iterator) yield* states(state.Iterator);
    for (const branch of state.Branches ?? []) yield* states(branch);
  }
}

function findingText(e) {
  return `${e["Error code"]}: ${e.Message}`;
}

// The findings of one definition: the accepted ones, the number of states they are about, and the
// failing ones.
function check(definition) {
  const result = validate(structuredClone(definition));
  if (result.isValid) return { accepted: [], states: 0, failures: [] };
  const accepted = [];
  const failures = [];
  const outputStates = new Set();
  for (const e of result.errors) {
    const p = e.schemaError?.instancePath;
    if (e["Error code"] === "SCHEMA_VALIDATION_FAILED" && p?.endsWith("/Output") && at(definition, p) === "") {
      outputStates.add(p.slice(0, -"/Output".length));
    }
  }
  for (const e of result.errors) {
    const p = e.schemaError?.instancePath ?? "";
    const state = p.replace(/\/(Output|Type)$/, "");
    if (e["Error code"] === "SCHEMA_VALIDATION_FAILED" && state !== p && outputStates.has(state)) {
      accepted.push(findingText(e));
    } else {
      failures.push(findingText(e));
    }
  }
  if (failures.length === 0) {
    const rewritten = structuredClone(definition);
    for (const state of states(rewritten)) {
      if (state.Output === "") state.Output = EMPTY_OUTPUT_AS_JSONATA;
    }
    const again = validate(rewritten);
    if (!again.isValid) {
      failures.push(...again.errors.map((e) => `${findingText(e)} (with every "Output": "" as ${EMPTY_OUTPUT_AS_JSONATA})`));
    }
  }
  return { accepted, states: outputStates.size, failures };
}

const rendered = process.env.ORGBACKUP_RENDERED;
if (!rendered) {
  console.error("set ORGBACKUP_RENDERED to the directory make render-examples writes");
  process.exit(2);
}

const examples = fs
  .readdirSync(rendered, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
let definitions = 0;
let accepted = 0;
let failed = 0;
for (const example of examples) {
  const resources = JSON.parse(fs.readFileSync(path.join(rendered, example, "resources.json"), "utf8"));
  for (const r of resources.filter((r) => r.type === STATE_MACHINE)) {
    definitions++;
    const where = `${example}/resources.json ${r.name}`;
    const raw = r.inputs?.definition;
    let definition;
    try {
      definition = typeof raw === "string" ? JSON.parse(raw) : raw;
    } catch (err) {
      console.log(`FAIL ${where}: the definition is not JSON: ${err.message}`);
      failed++;
      continue;
    }
    if (!definition || typeof definition !== "object") {
      console.log(`FAIL ${where}: no definition`);
      failed++;
      continue;
    }
    const { accepted: ok, states: emptyOutputs, failures } = check(definition);
    accepted += ok.length;
    if (failures.length > 0) {
      failed++;
      console.log(`FAIL ${where}`);
      for (const f of failures) console.log(`  ${f}`);
    } else {
      const note = ok.length ? ` (accepted: ${ok.length} finding(s) about the "Output": "" of ${emptyOutputs} state(s))` : "";
      console.log(`ok   ${where}${note}`);
    }
  }
}

if (definitions === 0) {
  console.log(`FAIL no ${STATE_MACHINE} in ${rendered}/*/resources.json`);
  process.exit(1);
}
if (accepted === 0) {
  console.log(`FAIL no definition has "Output": "" any more: remove its acceptance from tests/asl/validate.mjs`);
  failed++;
}
console.log(
  `asl-validator ${version}: ${definitions} definitions of ${examples.length} examples, ` +
    `${accepted} accepted findings ("Output": ""), ${failed} failing`,
);
process.exit(failed === 0 ? 0 : 1);
