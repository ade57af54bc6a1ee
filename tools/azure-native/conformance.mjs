#!/usr/bin/env node
// conformance.mjs — type-checks compiled Pulumi YAML programs against the pinned @pulumi/azure-native SDK.
//
//   node tools/azure-native/conformance.mjs <program.yaml>...
//
// Each program is translated into a TypeScript module in which every resource is a
// `new azn.<module>.<Type>("<logical>", {<properties>}, {<options>})` literal (object literals are
// written inline so that TypeScript's excess-property check catches misspelt keys), and all modules
// are checked together with the TypeScript compiler (strict, noEmit, skipLibCheck) against the SDK
// installed in this folder's node_modules. An unknown type, a misspelt property, a wrong nesting or
// a wrong literal type is reported as
//
//   <program.yaml> resource <logicalName> (<type>): <tsc message> [at <path>]
//
// Exit status: 0 when every program is clean, 1 when any error was found, 2 when an input cannot
// be read, parsed or translated (or the tools are not installed).
//
// The generated TypeScript is kept (and its folder printed) when errors are found, so that the
// reported positions can be inspected; CONFORMANCE_KEEP=1 always keeps it, CONFORMANCE_KEEP=0 never.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const toolDir = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(toolDir, "node_modules");

class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------
// Identifiers

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if import in instanceof new null return super switch this throw true try " +
    "typeof var void while with as implements interface let package private protected public static " +
    "yield any boolean constructor declare get module require number set string symbol type from of " +
    "await async undefined arguments eval").split(" "),
);

const isIdentifier = (s) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);
const propKey = (k) => (isIdentifier(k) ? k : JSON.stringify(k));
const accessor = (k) => (isIdentifier(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

class Names {
  constructor() {
    this.used = new Set(["azn", "pulumi", "config"]);
  }
  take(prefix, name) {
    const base = prefix + String(name).replace(/[^A-Za-z0-9_$]/g, "_");
    let candidate = base;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${base}_${i}`;
    this.used.add(candidate);
    return candidate;
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions: `${root.path[0]["key"]}` references and interpolated strings

function parseAccess(text) {
  // root = up to the first '.' or '['; then .name | [number] | ["string"] | ['string']
  const m = /^([^.[\]]+)/.exec(text);
  if (!m) throw new Unsupported(`cannot parse reference \${${text}}`);
  const root = m[1];
  const path = [];
  let i = root.length;
  while (i < text.length) {
    if (text[i] === ".") {
      const n = /^\.([^.[\]]+)/.exec(text.slice(i));
      if (!n) throw new Unsupported(`cannot parse reference \${${text}}`);
      path.push(n[1]);
      i += n[0].length;
    } else if (text[i] === "[") {
      const n = /^\[(?:(\d+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\]/.exec(text.slice(i));
      if (!n) throw new Unsupported(`cannot parse reference \${${text}}`);
      path.push(n[1] !== undefined ? Number(n[1]) : n[2] !== undefined ? JSON.parse(`"${n[2]}"`) : n[3]);
      i += n[0].length;
    } else {
      throw new Unsupported(`cannot parse reference \${${text}}`);
    }
  }
  return { root, path };
}

// Splits a string into literal parts and `${...}` references; `$${` is an escaped `${`.
function parseInterpolation(s) {
  const parts = [];
  let literal = "";
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (s.startsWith("${", i)) {
      const end = s.indexOf("}", i + 2);
      if (end < 0) throw new Unsupported(`unterminated interpolation in ${JSON.stringify(s)}`);
      if (literal) parts.push(literal);
      literal = "";
      parts.push(parseAccess(s.slice(i + 2, end).trim()));
      i = end + 1;
    } else {
      literal += s[i++];
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

function pathSuffix(path) {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : accessor(p))).join("");
}

// The same path with optional chaining, so that every step is type-checked against the
// output types while `undefined`-able outputs still compile.
function optionalPathSuffix(path) {
  return path.map((p) => (typeof p === "number" ? `?.[${p}]` : isIdentifier(p) ? `?.${p}` : `?.[${JSON.stringify(p)}]`)).join("");
}

// ---------------------------------------------------------------------------------------------
// Translation of one program

const FN_DECLARATIONS = `declare function __fn_join(delimiter: pulumi.Input<string>, values: pulumi.Input<pulumi.Input<string>[]>): pulumi.Output<string>;
declare function __fn_split(delimiter: pulumi.Input<string>, source: pulumi.Input<string>): pulumi.Output<string[]>;
declare function __fn_select<T>(index: pulumi.Input<number>, values: pulumi.Input<pulumi.Input<T>[]>): pulumi.Output<T>;
declare function __fn_toBase64(value: pulumi.Input<string>): pulumi.Output<string>;
declare function __fn_fromBase64(value: pulumi.Input<string>): pulumi.Output<string>;
declare function __fn_toJSON(value: unknown): pulumi.Output<string>;
declare function __fn_readFile(path: pulumi.Input<string>): pulumi.Output<string>;
`;

class Translator {
  constructor(programFile, doc) {
    this.file = programFile;
    this.doc = doc ?? {};
    this.names = new Names();
    this.resources = new Map(); // logical name -> { name, type, spec, varName, order }
    this.variables = new Map(); // variable name -> { varName, value, order }
    this.configs = new Map(); // config key -> { varName, spec }
    this.spans = []; // { start, end, kind, name, type }
    this.errors = []; // translation errors reported like type errors: { kind, name, type, message }
    this.out = "";
  }

  translate() {
    const doc = this.doc;
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Unsupported("the program is not a YAML mapping");
    for (const key of Object.keys(doc)) {
      if (!["name", "runtime", "description", "config", "configuration", "variables", "resources", "outputs", "pulumi"].includes(key))
        throw new Unsupported(`unknown top-level key '${key}'`);
    }
    const config = { ...(doc.configuration ?? {}), ...(doc.config ?? {}) };
    for (const [key, spec] of Object.entries(config)) this.configs.set(key, { varName: this.names.take("c_", key), spec: spec ?? {} });
    let order = 0;
    for (const [name, spec] of Object.entries(doc.resources ?? {})) {
      if (!spec || typeof spec !== "object" || typeof spec.type !== "string")
        throw new Unsupported(`resource '${name}' has no type`);
      this.resources.set(name, { name, type: spec.type, spec, varName: this.names.take("r_", name), order: order++ });
    }
    for (const [name, value] of Object.entries(doc.variables ?? {})) {
      if (this.resources.has(name)) throw new Unsupported(`variable '${name}' has the name of a resource`);
      this.variables.set(name, { name, value, varName: this.names.take("v_", name), order: order++ });
    }

    this.emit(`// Generated by tools/azure-native/conformance.mjs from ${this.file}. Do not edit.\n`);
    this.emit(`import * as pulumi from "@pulumi/pulumi";\nimport * as azn from "@pulumi/azure-native";\n\n`);
    this.emit(FN_DECLARATIONS);
    this.emit(`const config = new pulumi.Config();\n`);
    for (const [key, c] of this.configs) this.declareConfig(key, c);
    this.emit("\n");

    for (const node of this.dependencyOrder()) {
      if (node.kind === "variable") this.declareVariable(node.item);
      else this.declareResource(node.item);
    }

    const outputNames = new Names();
    for (const n of this.names.used) outputNames.used.add(n);
    for (const [name, value] of Object.entries(doc.outputs ?? {})) {
      const start = this.out.length;
      const exported = isIdentifier(name) && !RESERVED.has(name) && !outputNames.used.has(name) && !/^[rcvo]_/.test(name)
        ? (outputNames.used.add(name), name)
        : outputNames.take("o_", name);
      this.guard({ kind: "output", name }, () => this.emit(`export const ${exported} = ${this.expr(value, 0)};\n`));
      this.spans.push({ start, end: this.out.length, kind: "output", name });
    }
    return this.out;
  }

  emit(s) {
    this.out += s;
  }

  // Translation problems inside a declaration are reported against it (exit 1) rather than
  // aborting the whole program; the declaration is then emitted as a comment.
  guard(what, fn) {
    const mark = this.out.length;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      this.out = this.out.slice(0, mark) + `// ${what.kind} ${what.name}: ${e.message.replace(/\n/g, " ")}\n`;
      this.errors.push({ ...what, message: e.message });
    }
  }

  declareConfig(key, { varName, spec }) {
    const start = this.out.length;
    const type = String(spec.type ?? "string");
    const secret = spec.secret === true;
    let target = "config";
    let k = key;
    const colon = key.indexOf(":");
    if (colon > 0) {
      target = `new pulumi.Config(${JSON.stringify(key.slice(0, colon))})`;
      k = key.slice(colon + 1);
    }
    const kind = /^int(eger)?$|^number$/i.test(type) ? "Number" : /^bool(ean)?$/i.test(type) ? "Boolean" : /^string$/i.test(type) ? "" : "Object";
    const generic = kind === "Object" ? "<any>" : "";
    let text;
    if (spec.default !== undefined) {
      const getter = `${target}.get${secret ? "Secret" : ""}${kind}${generic}(${JSON.stringify(k)})`;
      const dflt = secret ? `pulumi.secret(${JSON.stringify(spec.default)})` : JSON.stringify(spec.default);
      text = `(${getter} ?? ${dflt})`;
    } else {
      text = `${target}.require${secret ? "Secret" : ""}${kind}${generic}(${JSON.stringify(k)})`;
    }
    this.emit(`const ${varName} = ${text};\n`);
    this.spans.push({ start, end: this.out.length, kind: "config", name: key });
  }

  declareVariable(v) {
    const start = this.out.length;
    this.guard({ kind: "variable", name: v.name }, () => this.emit(`const ${v.varName} = ${this.expr(v.value, 0)};\n`));
    this.spans.push({ start, end: this.out.length, kind: "variable", name: v.name });
  }

  declareResource(r) {
    const start = this.out.length;
    this.guard({ kind: "resource", name: r.name, type: r.type }, () => {
      const spec = r.spec;
      for (const key of Object.keys(spec)) {
        if (!["type", "properties", "options", "get", "defaultProvider"].includes(key))
          throw new Unsupported(`unknown resource key '${key}'`);
      }
      const cls = this.className(r.type);
      // The options literal is checked on its own (`satisfies`), because TypeScript reports only the
      // first argument of a call that does not match: errors in the properties would hide those in
      // the options.
      const optsType = spec.get !== undefined ? `Parameters<typeof ${cls}.get>[2]` : `ConstructorParameters<typeof ${cls}>[2]`;
      const opts = spec.options === undefined || spec.options === null ? null : `${this.options(spec.options)} satisfies ${optsType}`;
      if (spec.get !== undefined) {
        if (spec.properties !== undefined) throw new Unsupported("a resource cannot have both 'get' and 'properties'");
        const { id, state, ...rest } = spec.get ?? {};
        if (state !== undefined || Object.keys(rest).length > 0) throw new Unsupported("'get' supports only 'id'");
        this.emit(`const ${r.varName} = ${cls}.get(${JSON.stringify(r.name)}, ${this.expr(id, 0)}${opts ? `, ${opts}` : ""});\n`);
      } else {
        const props = spec.properties === undefined || spec.properties === null ? "{}" : this.expr(spec.properties, 0);
        this.emit(`const ${r.varName} = new ${cls}(${JSON.stringify(r.name)}, ${props}${opts ? `, ${opts}` : ""});\n`);
      }
    });
    this.spans.push({ start, end: this.out.length, kind: "resource", name: r.name, type: r.type });
  }

  className(type) {
    if (type === "pulumi:providers:azure-native") return "azn.Provider";
    if (type === "pulumi:pulumi:StackReference") return "pulumi.StackReference";
    const parts = type.split(":");
    if (parts.length !== 3 || parts[0] !== "azure-native")
      throw new Unsupported(`type '${type}' is not an @pulumi/azure-native type, so it cannot be checked`);
    const [, mod, cls] = parts;
    if (!isIdentifier(mod) || !isIdentifier(cls)) throw new Unsupported(`malformed type token '${type}'`);
    return `azn.${mod}.${cls}`;
  }

  options(options) {
    if (typeof options !== "object" || Array.isArray(options)) throw new Unsupported("'options' is not a mapping");
    // Pulumi YAML's option names are those of the Node SDK's ResourceOptions, so all of them pass
    // through; the options literal is checked against CustomResourceOptions like the properties.
    return this.expr(options, 0);
  }

  // -- dependency order ------------------------------------------------------------------------

  dependencyOrder() {
    const nodes = [
      ...[...this.resources.values()].map((item) => ({ kind: "resource", key: item.name, item, order: item.order })),
      ...[...this.variables.values()].map((item) => ({ kind: "variable", key: "var:" + item.name, item, order: item.order })),
    ];
    const deps = new Map();
    for (const n of nodes) {
      const roots = new Set();
      const value = n.kind === "resource" ? [n.item.spec.properties, n.item.spec.options, n.item.spec.get] : n.item.value;
      collectRoots(value, roots);
      const d = new Set();
      for (const root of roots) {
        if (this.resources.has(root)) d.add(root);
        else if (this.variables.has(root)) d.add("var:" + root);
      }
      d.delete(n.key);
      deps.set(n.key, d);
    }
    const done = new Set();
    const result = [];
    const pending = [...nodes].sort((a, b) => a.order - b.order);
    while (pending.length > 0) {
      const idx = pending.findIndex((n) => [...deps.get(n.key)].every((d) => done.has(d)));
      if (idx < 0) {
        // A cycle: report each member and emit them anyway (TypeScript will also complain).
        for (const n of pending) {
          this.errors.push({
            kind: n.kind,
            name: n.item.name,
            type: n.item.type,
            message: `dependency cycle through ${[...deps.get(n.key)].filter((d) => !done.has(d)).map((d) => d.replace(/^var:/, "")).join(", ")}`,
          });
        }
        result.push(...pending);
        break;
      }
      const [n] = pending.splice(idx, 1);
      done.add(n.key);
      result.push(n);
    }
    return result;
  }

  // -- values ----------------------------------------------------------------------------------

  expr(value, depth) {
    if (value === null || value === undefined) return "undefined";
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (typeof value === "string") return this.stringExpr(value);
    const pad = "  ".repeat(depth + 1);
    const end = "  ".repeat(depth);
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      return `[\n${value.map((v) => pad + this.expr(v, depth + 1)).join(",\n")},\n${end}]`;
    }
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    if (typeof value === "object") {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0].startsWith("fn::")) return this.fn(keys[0], value[keys[0]], depth);
      if (keys.length === 0) return "{}";
      return `{\n${keys.map((k) => `${pad}${propKey(k)}: ${this.expr(value[k], depth + 1)}`).join(",\n")},\n${end}}`;
    }
    throw new Unsupported(`cannot translate value ${JSON.stringify(value)}`);
  }

  stringExpr(s) {
    const parts = parseInterpolation(s);
    if (parts.length === 0) return '""';
    if (parts.length === 1 && typeof parts[0] === "string") return JSON.stringify(parts[0]);
    if (parts.length === 1) return this.reference(parts[0]);
    const body = parts
      .map((p) => (typeof p === "string" ? p.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") : `\${${this.reference(p)}}`))
      .join("");
    return `pulumi.interpolate\`${body}\``;
  }

  reference({ root, path }) {
    if (this.resources.has(root)) {
      const v = this.resources.get(root).varName;
      if (path.length === 0) return v;
      if (typeof path[0] === "number") throw new Unsupported(`cannot index resource '${root}' with [${path[0]}]`);
      const first = `${v}${accessor(path[0])}`;
      if (path.length === 1) return first;
      // Typed all the way down: a misspelt nested output name fails like a misspelt property.
      return `pulumi.output(${first}).apply((v) => v${optionalPathSuffix(path.slice(1))} as any)`;
    }
    let base;
    if (this.variables.has(root)) base = this.variables.get(root).varName;
    else if (this.configs.has(root)) base = this.configs.get(root).varName;
    else if (root === "pulumi") {
      const builtins = { stack: "pulumi.getStack()", project: "pulumi.getProject()", organization: "pulumi.getOrganization()", cwd: "process.cwd()" };
      if (path.length !== 1 || !(path[0] in builtins)) throw new Unsupported(`unknown builtin \${pulumi${pathSuffix(path)}}`);
      return builtins[path[0]];
    } else throw new Unsupported(`\${${root}${pathSuffix(path)}} references '${root}', which is neither a resource, a variable nor a config key`);
    if (path.length === 0) return base;
    return `pulumi.output(${base}).apply((v: any) => v${pathSuffix(path)})`;
  }

  fn(name, arg, depth) {
    const list = (n) => {
      if (!Array.isArray(arg) || arg.length !== n) throw new Unsupported(`${name} takes a list of ${n} values`);
      return arg.map((a) => this.expr(a, depth));
    };
    switch (name) {
      case "fn::secret":
        return `pulumi.secret(${this.expr(arg, depth)})`;
      case "fn::join":
        return `__fn_join(${list(2).join(", ")})`;
      case "fn::split":
        return `__fn_split(${list(2).join(", ")})`;
      case "fn::select":
        return `__fn_select(${list(2).join(", ")})`;
      case "fn::toBase64":
        return `__fn_toBase64(${this.expr(arg, depth)})`;
      case "fn::fromBase64":
        return `__fn_fromBase64(${this.expr(arg, depth)})`;
      case "fn::toJSON":
        return `__fn_toJSON(${this.expr(arg, depth)})`;
      case "fn::readFile":
        return `__fn_readFile(${this.expr(arg, depth)})`;
      case "fn::stringAsset":
        return `new pulumi.asset.StringAsset(${this.expr(arg, depth)})`;
      case "fn::fileAsset":
        return `new pulumi.asset.FileAsset(${this.expr(arg, depth)})`;
      case "fn::remoteAsset":
        return `new pulumi.asset.RemoteAsset(${this.expr(arg, depth)})`;
      case "fn::fileArchive":
        return `new pulumi.asset.FileArchive(${this.expr(arg, depth)})`;
      case "fn::remoteArchive":
        return `new pulumi.asset.RemoteArchive(${this.expr(arg, depth)})`;
      case "fn::assetArchive":
        return `new pulumi.asset.AssetArchive(${this.expr(arg, depth)})`;
      case "fn::invoke": {
        const { function: fnToken, arguments: args, options, return: ret, ...rest } = arg ?? {};
        if (Object.keys(rest).length > 0) throw new Unsupported(`unknown fn::invoke key '${Object.keys(rest)[0]}'`);
        const parts = String(fnToken).split(":");
        if (parts.length !== 3 || parts[0] !== "azure-native" || !isIdentifier(parts[1]) || !isIdentifier(parts[2]))
          throw new Unsupported(`fn::invoke of '${fnToken}', which is not an @pulumi/azure-native function`);
        const call = `azn.${parts[1]}.${parts[2]}Output(${args === undefined ? "{}" : this.expr(args, depth)}${options === undefined ? "" : `, ${this.expr(options, depth)}`})`;
        if (ret === undefined) return call;
        return `${call}${accessor(String(ret))}`;
      }
      default:
        throw new Unsupported(`unsupported function '${name}'`);
    }
  }
}

function collectRoots(value, roots) {
  if (typeof value === "string") {
    for (const p of parseInterpolation(value)) if (typeof p !== "string") roots.add(p.root);
  } else if (Array.isArray(value)) {
    for (const v of value) collectRoots(v, roots);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) collectRoots(v, roots);
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

// The property path (`properties.addressSpace.addressPrefixes[0]`) of the node at a position.
function propertyPath(ts, sourceFile, pos) {
  let node = sourceFile;
  for (;;) {
    const child = node.getChildren(sourceFile).find((c) => c.getStart(sourceFile) <= pos && pos < c.getEnd());
    if (!child) break;
    node = child;
  }
  const parts = [];
  while (node && node.parent) {
    const parent = node.parent;
    if (ts.isPropertyAssignment(parent)) {
      parts.unshift("." + (ts.isStringLiteral(parent.name) || ts.isIdentifier(parent.name) ? parent.name.text : parent.name.getText(sourceFile)));
    } else if (ts.isArrayLiteralExpression(parent)) {
      const i = parent.elements.indexOf(node);
      if (i >= 0) parts.unshift(`[${i}]`);
    } else if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.parent && ts.isVariableDeclaration(parent.parent)) {
      // new X(name, properties, options) or X.get(name, id, options)
      if (node === parent.expression) return "type";
      const i = (parent.arguments ?? []).indexOf(node);
      if (i === 1) parts.unshift(ts.isNewExpression(parent) ? "properties" : "get.id");
      else if (i === 2) parts.unshift("options");
      else return "";
      break;
    } else if (ts.isVariableStatement(parent) || ts.isSourceFile(parent)) {
      return "";
    }
    node = parent;
  }
  return parts.join("").replace(/^\./, "");
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(argv) {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) {
    process.stderr.write("usage: node tools/azure-native/conformance.mjs <program.yaml>...\n");
    return 2;
  }
  let ts, YAML;
  try {
    ts = (await import("typescript")).default;
    YAML = await import("yaml");
    for (const p of ["@pulumi/azure-native/package.json", "@pulumi/pulumi/package.json"]) {
      if (!fs.existsSync(path.join(nodeModules, p))) throw new Error(`${p} is missing`);
    }
  } catch (e) {
    process.stderr.write(`conformance: the tools in ${toolDir} are not installed (${e.message}); run scripts/install-tools.sh\n`);
    return 2;
  }

  let status = 0;
  const programs = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
  for (const [index, file] of argv.entries()) {
    let doc;
    try {
      const text = fs.readFileSync(file, "utf8");
      const parsed = YAML.parseDocument(text, { uniqueKeys: true, merge: false });
      if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => e.message).join("; "));
      doc = parsed.toJS({ maxAliasCount: -1 });
    } catch (e) {
      console.log(`${file}: cannot read the program: ${e.message.split("\n")[0]}`);
      status = 2;
      continue;
    }
    const translator = new Translator(file, doc);
    let source;
    try {
      source = translator.translate();
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      console.log(`${file}: cannot translate the program: ${e.message}`);
      status = 2;
      continue;
    }
    const tsFile = path.join(workDir, `${index}-${path.basename(file).replace(/[^A-Za-z0-9_.-]/g, "_").replace(/\.ya?ml$/i, "")}.ts`);
    fs.writeFileSync(tsFile, source);
    programs.push({ file, tsFile, translator });
  }

  let errorCount = 0;
  const reported = new Set();
  const report = (program, what, message) => {
    const subject =
      what === null ? "" : what.kind === "resource" ? ` resource ${what.name} (${what.type})` : ` ${what.kind} ${what.name}`;
    const line = `${program}${subject}: ${message}`;
    if (reported.has(line)) return; // e.g. an unknown type is also met in the options' `satisfies`
    reported.add(line);
    errorCount++;
    console.log(line);
  };

  for (const p of programs) for (const e of p.translator.errors) report(p.file, e, e.message);

  if (programs.length > 0) {
    const options = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ["lib.es2020.d.ts"],
      types: [],
      typeRoots: [path.join(nodeModules, "@types")],
      // The generated files live in a temporary folder: resolve the SDK from this tool's node_modules.
      baseUrl: workDir,
      paths: { "*": [path.join(nodeModules, "*")] },
    };
    const tsProgram = ts.createProgram({ rootNames: programs.map((p) => p.tsFile), options });
    const diagnostics = [...tsProgram.getOptionsDiagnostics(), ...tsProgram.getGlobalDiagnostics()];
    for (const p of programs) {
      const sf = tsProgram.getSourceFile(p.tsFile);
      diagnostics.push(...tsProgram.getSyntacticDiagnostics(sf), ...tsProgram.getSemanticDiagnostics(sf));
    }
    for (const d of diagnostics) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n").replace(/\n/g, "\n    ");
      const program = d.file && programs.find((p) => path.resolve(p.tsFile) === path.resolve(d.file.fileName));
      if (!program || d.start === undefined) {
        report(program ? program.file : d.file ? d.file.fileName : "tsc", null, message);
        continue;
      }
      const span = program.translator.spans.find((s) => s.start <= d.start && d.start < s.end);
      const at = span?.kind === "resource" ? propertyPath(ts, d.file, d.start) : "";
      const firstLine = message.split("\n")[0];
      const rest = message.slice(firstLine.length);
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const suffix = at ? ` [at ${at}]` : span?.kind === "output" ? "" : ` [at ${path.basename(d.file.fileName)}:${line + 1}:${character + 1}]`;
      report(program.file, span ?? null, `${firstLine}${suffix}${rest}`);
    }
  }

  if (errorCount > 0) status = Math.max(status, 1);
  const keep = process.env.CONFORMANCE_KEEP === "1" || (errorCount > 0 && process.env.CONFORMANCE_KEEP !== "0");
  if (keep) {
    console.log(`${errorCount} error(s); the generated TypeScript is in ${workDir}`);
  } else {
    if (errorCount > 0) console.log(`${errorCount} error(s)`);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return status;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A bug in this script must not pass for type errors in the programs (exit 1).
  process.stderr.write(`conformance: internal error: ${e.stack ?? e}\n`);
  process.exitCode = 2;
}
