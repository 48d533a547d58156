// Validates `helm template` output offline: every object against the Kubernetes OpenAPI schema (kubernetes-models)
// or the prometheus-operator CRD schema (@kubernetes-models/prometheus-operator).
//   helm template memmon helm/memmon | node helm/tests/validate-manifests.mjs
//   node helm/tests/validate-manifests.mjs rendered.yaml
// Prints one line per object and exits 1 naming each object that fails (or whose apiVersion/kind has no model: an
// unknown kind is an error, not a skip). Unlike kubeconform -strict, the models do not reject unknown fields.
// Beyond the schemas: duplicate keys are YAML errors (the yaml parser's default) and a ConfigMap must stay under the
// API server's 1 MiB object limit (the dashboards are ConfigMaps).
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
const label = file ?? "stdin";
const configMapLimit = 1024 * 1024;

// apiVersion -> the module holding its kinds.
function moduleOf(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

function describe(error) {
  const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params ?? {})}`);
  return details.length > 0 ? details.join("; ") : error.message;
}

async function input() {
  if (file) return readFile(file, "utf8");
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const text = await input();

const failures = [];
let validated = 0;
for (const [index, document] of parseAllDocuments(text).entries()) {
  if (document.errors.length > 0) {
    failures.push(`document ${index}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object == null) continue; // an empty document (a template that rendered nothing)
  const { apiVersion, kind } = object;
  const name = `${kind ?? "?"}/${object.metadata?.name ?? "?"} (${apiVersion ?? "no apiVersion"}, document ${index})`;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !object.metadata?.name) {
    failures.push(`${name}: apiVersion, kind and metadata.name are required`);
    continue;
  }
  let Model;
  try {
    Model = (await import(moduleOf(apiVersion)))[kind];
  } catch (error) {
    failures.push(`${name}: no model for apiVersion ${apiVersion}: ${error.message}`);
    continue;
  }
  if (typeof Model !== "function") {
    failures.push(`${name}: no model for kind ${kind} in ${moduleOf(apiVersion)}`);
    continue;
  }
  if (kind === "ConfigMap") {
    const size = Buffer.byteLength(JSON.stringify(object), "utf8");
    if (size >= configMapLimit) {
      failures.push(`${name}: ${size} bytes, over the API server's 1 MiB limit for one object`);
      continue;
    }
  }
  try {
    new Model(object).validate();
    validated++;
    console.log(`ok ${name}`);
  } catch (error) {
    failures.push(`${name}: ${describe(error)}`);
  }
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`validate-manifests [${label}]: INVALID ${failure}`);
  process.exit(1);
}
if (validated === 0) {
  console.error(`validate-manifests [${label}]: no objects in the input`);
  process.exit(1);
}
console.log(`validate-manifests [${label}]: ${validated} objects valid`);
