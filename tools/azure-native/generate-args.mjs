#!/usr/bin/env node
// Generates typed C# argument classes (src/Resources/AzureNative/*.g.cs) for the azure-native
// resource types listed in resources.txt, from the TypeScript declarations of the pinned
// @pulumi/azure-native package in ./node_modules. The .d.ts files are read with the TypeScript
// compiler API (syntax trees only, no type checker): resource classes and their `<Type>Args`
// interfaces from `<module>/<file>.d.ts`, nested input types from `types/input.d.ts`, enum
// constants from `types/enums/<module>/index.d.ts`. Doc comments are deliberately not carried over.
//
// Usage (from the repository root):  node tools/azure-native/generate-args.mjs
//
// The output is deterministic: modules, types and enums are sorted ordinally, members keep their
// TypeScript declaration order, and nothing depends on time, locale or file-system order.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const started = performance.now();

const toolDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(toolDir, "..", "..");
const pkgDir = path.join(toolDir, "node_modules", "@pulumi", "azure-native");
const listFile = path.join(toolDir, "resources.txt");
const outDir = path.join(repoRoot, "src", "Resources", "AzureNative");

const ROOT_NS = "Oic.Infra.Resources.AzureNative";
const CORE_NS = "Oic.Infra.Resources";
const PROVIDER_TOKEN = "pulumi:providers:azure-native";
const SHARED_BASE = "PropertiesMemberArgs"; // see AzureNative.g.cs

// azure-native module → C# namespace segment. Module names are lower case, so the word breaks of
// multi-word modules cannot be derived; unknown modules fall back to upper-casing the first letter.
const MODULE_NAMES = {
  aadiam: "AadIam",
  apimanagement: "ApiManagement",
  authorization: "Authorization",
  compute: "Compute",
  consumption: "Consumption",
  containerservice: "ContainerService",
  dataprotection: "DataProtection",
  dnsresolver: "DnsResolver",
  keyvault: "KeyVault",
  maintenance: "Maintenance",
  managedidentity: "ManagedIdentity",
  monitor: "Monitor",
  network: "Network",
  operationalinsights: "OperationalInsights",
  privatedns: "PrivateDns",
  recoveryservices: "RecoveryServices",
  resources: "Resources",
  security: "Security",
  securityinsights: "SecurityInsights",
  storage: "Storage",
};

const CSHARP_KEYWORDS = new Set(
  ("abstract as base bool break byte case catch char checked class const continue decimal default " +
    "delegate do double else enum event explicit extern false finally fixed float for foreach goto if " +
    "implicit in int interface internal is lock long namespace new null object operator out override " +
    "params private protected public readonly ref return sbyte sealed short sizeof stackalloc static " +
    "string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual " +
    "void volatile while").split(" "));

// Members every generated class inherits (System.Object and the core base classes): a generated
// property of the same name would hide them, so it gets the `Value` suffix instead.
const OBJECT_MEMBERS = ["Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize"];
const RESOURCE_RESERVED = new Set([...OBJECT_MEMBERS, "Type", "LogicalName", "Args", "Options", "DeclaredAt", "Id",
  "Inputs", "Self", "GetOutput", "TypeToken"]);
// `Properties` is special: see PropertiesMemberArgs. `Inputs` would shadow the Inputs namespace.
const ARGS_RESERVED = new Set([...OBJECT_MEMBERS, "ToValue", "PropertyList", "Inputs", "Enums"]);

// Type names the generated code uses unqualified, with their fully qualified form for when a
// generated type of the same name would shadow them.
const WELL_KNOWN = {
  Input: `global::${CORE_NS}.Input`,
  InputList: `global::${CORE_NS}.InputList`,
  InputMap: `global::${CORE_NS}.InputMap`,
  IInput: `global::${CORE_NS}.IInput`,
  Output: `global::${CORE_NS}.Output`,
  ResourceArgs: `global::${CORE_NS}.ResourceArgs`,
  CustomResource: `global::${CORE_NS}.CustomResource`,
  ProviderResource: `global::${CORE_NS}.ProviderResource`,
  ResourceOptions: `global::${CORE_NS}.ResourceOptions`,
  SourcePosition: `global::${CORE_NS}.SourcePosition`,
  KeyValuePair: "global::System.Collections.Generic.KeyValuePair",
  IEnumerable: "global::System.Collections.Generic.IEnumerable",
  CallerFilePath: "global::System.Runtime.CompilerServices.CallerFilePath",
  CallerLineNumber: "global::System.Runtime.CompilerServices.CallerLineNumber",
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const fail = (msg) => {
  console.error(`generate-args: ${msg}`);
  process.exit(1);
};
const warnings = [];
const renames = []; // C# members that could not take the PascalCase of their TypeScript name
const warn = (msg) => warnings.push(msg);

function moduleNs(module) {
  if (MODULE_NAMES[module]) return MODULE_NAMES[module];
  warn(`module '${module}' has no entry in MODULE_NAMES; namespace segment derived as '${pascal(module)}'`);
  MODULE_NAMES[module] = pascal(module);
  return MODULE_NAMES[module];
}

/** PascalCase of a TypeScript member name, as a valid C# identifier. */
function pascal(name) {
  const parts = name.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  let s = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join("");
  if (s === "") s = "Value";
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

/** A valid C# identifier for an enum key, kept as close to the TypeScript key as possible. */
function identifier(name) {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "") s = "Value";
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

/** Picks a member name that is not a keyword, not the class name, not reserved and not taken. */
function memberName(candidate, className, reserved, taken, where) {
  let name = candidate;
  if (CSHARP_KEYWORDS.has(name) || name === className || reserved.has(name)) name = `${name}Value`;
  let n = 2;
  const base = name;
  while (taken.has(name) || name === className) name = `${base}${n++}`;
  taken.add(name);
  if (name !== candidate && where) renames.push({ where, change: `${candidate} → ${name}` });
  return name;
}

const csString = (s) => JSON.stringify(s); // JSON escapes are a subset of C# regular-string escapes

function propName(nameNode) {
  if (ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode) || ts.isNumericLiteral(nameNode)) return nameNode.text;
  if (ts.isPrivateIdentifier(nameNode)) return null;
  return null; // computed names do not occur in the SDK's declarations
}

const hasModifier = (node, kind) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === kind);

const sourceCache = new Map();
function parse(file) {
  let sf = sourceCache.get(file);
  if (!sf) {
    if (!fs.existsSync(file)) return null;
    sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    sourceCache.set(file, sf);
  }
  return sf;
}

const typeText = (node, sf) => node.getText(sf).replace(/\s+/g, " ");

/** `a.b.c` of an entity name, as parts. */
function entityParts(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return [...entityParts(name.left), name.right.text];
}

// ---------------------------------------------------------------------------------------------
// The resource list

function readList() {
  if (!fs.existsSync(pkgDir)) fail(`${pkgDir} is missing; run 'npm ci --ignore-scripts --no-audit --no-fund' in ${toolDir}`);
  const tokens = [];
  for (const raw of fs.readFileSync(listFile, "utf8").split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    if (tokens.includes(line)) fail(`${line} is listed twice in resources.txt`);
    tokens.push(line);
  }
  return tokens;
}

/** Finds the .d.ts file of module `module` that exports class `type`, via the module's index.d.ts. */
function findResourceFile(module, type) {
  const dir = path.join(pkgDir, module);
  if (!fs.existsSync(dir)) fail(`azure-native has no module '${module}' (${dir})`);
  const index = parse(path.join(dir, "index.d.ts"));
  let rel = null;
  const visit = (node) => {
    // export type VirtualNetwork = import("./virtualNetwork").VirtualNetwork;
    if (ts.isTypeAliasDeclaration(node) && node.name.text === type && ts.isImportTypeNode(node.type)) {
      const q = node.type.qualifier;
      if (q && ts.isIdentifier(q) && q.text === type && ts.isLiteralTypeNode(node.type.argument)) {
        rel = node.type.argument.literal.text;
      }
    }
  };
  if (index) index.statements.forEach(visit);
  const candidates = rel ? [path.join(dir, `${rel.replace(/^\.\//, "")}.d.ts`)] : [];
  if (!rel) {
    // Fall back to looking at every declaration file of the module.
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".d.ts")).sort(ordinal)) {
      if (fs.readFileSync(path.join(dir, f), "utf8").includes(`export declare class ${type} `)) {
        candidates.push(path.join(dir, f));
      }
    }
  }
  for (const file of candidates) {
    const sf = parse(file);
    const cls = sf?.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === type);
    if (cls) return { file, sf, cls };
  }
  return fail(`no class ${type} exported by azure-native module '${module}'`);
}

// ---------------------------------------------------------------------------------------------
// Nested input types and enums

let inputIndex = null; // "module\0Name" → { decls: InterfaceDeclaration[], sf }
function inputTypes() {
  if (inputIndex) return inputIndex;
  inputIndex = new Map();
  const sf = parse(path.join(pkgDir, "types", "input.d.ts"));
  const walk = (statements, prefix) => {
    for (const s of statements) {
      if (ts.isModuleDeclaration(s) && s.body) {
        const name = [...prefix, s.name.text];
        let body = s.body;
        // `namespace a.b { }` nests ModuleDeclarations directly
        while (ts.isModuleDeclaration(body)) {
          name.push(body.name.text);
          body = body.body;
        }
        if (ts.isModuleBlock(body)) walk(body.statements, name);
      } else if (ts.isInterfaceDeclaration(s) && prefix.length > 0) {
        const key = `${prefix.join(".")}\0${s.name.text}`;
        const entry = inputIndex.get(key) ?? { decls: [], sf };
        entry.decls.push(s);
        inputIndex.set(key, entry);
      }
    }
  };
  walk(sf.statements, []);
  return inputIndex;
}

const enumIndexes = new Map(); // module → Map(name → [{ key, value }]) | null
function findEnum(module, name) {
  if (!enumIndexes.has(module)) {
    const sf = parse(path.join(pkgDir, "types", "enums", ...module.split("."), "index.d.ts"));
    const map = new Map();
    for (const s of sf?.statements ?? []) {
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.type || !ts.isTypeLiteralNode(d.type)) continue;
        const members = [];
        for (const m of d.type.members) {
          if (!ts.isPropertySignature(m) || !m.type || !ts.isLiteralTypeNode(m.type)) continue;
          const lit = m.type.literal;
          const key = propName(m.name);
          if (key === null) continue;
          if (ts.isStringLiteral(lit)) members.push({ key, value: lit.text, kind: "string" });
          else if (ts.isNumericLiteral(lit)) members.push({ key, value: Number(lit.text), kind: "number" });
          else if (ts.isPrefixUnaryExpression(lit) && ts.isNumericLiteral(lit.operand)) {
            members.push({ key, value: -Number(lit.operand.text), kind: "number" });
          }
        }
        if (members.length > 0) map.set(d.name.text, members);
      }
    }
    enumIndexes.set(module, map);
  }
  return enumIndexes.get(module).get(name) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Type mapping
//
// A mapped input type is one of
//   { kind: "scalar", cs: "string" | "double" | "bool" | "object" }
//   { kind: "nested", module, name }                    → Input<Inputs.Name>
//   { kind: "list", elem }  /  { kind: "map", elem }    → InputList<…> / InputMap<…>
// where elem is a scalar or nested mapping.

const OBJECT = { kind: "scalar", cs: "object" };

/** The members of a type once pulumi.Input<…>, parentheses and `| undefined` are peeled off. */
function flatten(node, out = []) {
  if (ts.isParenthesizedTypeNode(node)) return flatten(node.type, out);
  if (ts.isUnionTypeNode(node)) {
    for (const t of node.types) flatten(t, out);
    return out;
  }
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || node.kind === ts.SyntaxKind.NullKeyword) return out;
  if (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword) return out;
  if (ts.isTypeReferenceNode(node)) {
    const parts = entityParts(node.typeName);
    if (parts.length === 2 && parts[0] === "pulumi" && parts[1] === "Input" && node.typeArguments?.length === 1) {
      return flatten(node.typeArguments[0], out);
    }
  }
  out.push(node);
  return out;
}

/** What one (non-union) member is: a primitive kind, an enum, a nested input type, or something else. */
function primitiveOf(node, ctx) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return "string";
    case ts.SyntaxKind.NumberKeyword: return "number";
    case ts.SyntaxKind.BooleanKeyword: return "boolean";
    default: break;
  }
  if (ts.isLiteralTypeNode(node)) {
    const lit = node.literal;
    if (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)) return "string";
    if (ts.isNumericLiteral(lit) || ts.isPrefixUnaryExpression(lit)) return "number";
    if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return "boolean";
  }
  if (ts.isTypeReferenceNode(node)) {
    const parts = entityParts(node.typeName);
    if (parts[0] === "enums" && parts.length >= 3) {
      const module = parts.slice(1, -1).join(".");
      const name = parts[parts.length - 1];
      const members = findEnum(module, name);
      if (!members) return null;
      const kinds = new Set(members.map((m) => m.kind));
      if (kinds.size !== 1) return null;
      ctx?.enums.add(`${module}\0${name}`);
      return kinds.has("string") ? "string" : "number";
    }
  }
  return null;
}

const SCALARS = { string: "string", number: "double", boolean: "bool" };

/** Maps the type of an args member. `ctx` collects referenced nested types, enums and fallbacks. */
function mapInput(typeNode, ctx, where) {
  const members = flatten(typeNode);
  const fallback = (reason) => {
    ctx.fallbacks.push({ where, ts: typeText(typeNode, ctx.sf), reason });
    return OBJECT;
  };
  if (members.length === 0) return fallback("no type");
  const leaf = mapLeaf(members, ctx);
  if (leaf) return leaf;
  if (members.length === 1) {
    const t = members[0];
    const element = arrayElement(t);
    if (element) {
      const elem = mapLeaf(flatten(element), ctx);
      if (!elem) ctx.fallbacks.push({ where: `${where}[]`, ts: typeText(element, ctx.sf), reason: "list element" });
      return { kind: "list", elem: elem ?? OBJECT };
    }
    const value = mapValue(t);
    if (value) {
      const elem = mapLeaf(flatten(value), ctx);
      if (!elem) ctx.fallbacks.push({ where: `${where}{}`, ts: typeText(value, ctx.sf), reason: "map value" });
      return { kind: "map", elem: elem ?? OBJECT };
    }
    if (t.kind === ts.SyntaxKind.AnyKeyword) return fallback("any");
    return fallback("unmapped type");
  }
  return fallback("union");
}

/** A scalar, enum or nested input type (what Input<T> can hold directly); null otherwise. */
function mapLeaf(members, ctx) {
  if (members.length === 0) return null;
  const prims = members.map((m) => primitiveOf(m, ctx));
  if (prims.every((p) => p !== null)) {
    const kinds = new Set(prims);
    if (kinds.size === 1) return { kind: "scalar", cs: SCALARS[prims[0]] };
    return null;
  }
  if (members.length === 1 && ts.isTypeReferenceNode(members[0])) {
    const parts = entityParts(members[0].typeName);
    if (parts[0] === "inputs" && parts.length >= 3) {
      const module = parts.slice(1, -1).join(".");
      const name = parts[parts.length - 1];
      if (inputTypes().has(`${module}\0${name}`)) {
        ctx.nested.add(`${module}\0${name}`);
        return { kind: "nested", module, name };
      }
      warn(`inputs.${module}.${name} is referenced but not declared in types/input.d.ts`);
    }
  }
  return null;
}

/** Element type of `T[]` / `Array<T>`, else null. */
function arrayElement(t) {
  if (ts.isArrayTypeNode(t)) return t.elementType;
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === "Array" && t.typeArguments?.length === 1) {
    return t.typeArguments[0];
  }
  return null;
}

/** Value type of `{ [key: string]: T }` / `Record<string, T>`, else null. */
function mapValue(t) {
  if (ts.isTypeLiteralNode(t) && t.members.length === 1 && ts.isIndexSignatureDeclaration(t.members[0])) {
    const sig = t.members[0];
    if (sig.parameters.length === 1 && sig.parameters[0].type?.kind === ts.SyntaxKind.StringKeyword) return sig.type;
  }
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === "Record" &&
      t.typeArguments?.length === 2 && t.typeArguments[0].kind === ts.SyntaxKind.StringKeyword) {
    return t.typeArguments[1];
  }
  return null;
}

/** Maps `pulumi.Output<T>` of a resource class member to string/double/bool/object. */
function mapOutput(typeNode) {
  if (!ts.isTypeReferenceNode(typeNode)) return null;
  const parts = entityParts(typeNode.typeName);
  if (!(parts.length === 2 && parts[0] === "pulumi" && parts[1] === "Output" && typeNode.typeArguments?.length === 1)) return null;
  const members = flatten(typeNode.typeArguments[0]);
  const prims = members.map((m) => primitiveOf(m, null));
  if (members.length > 0 && prims.every((p) => p !== null) && new Set(prims).size === 1) return SCALARS[prims[0]];
  return "object";
}

// ---------------------------------------------------------------------------------------------
// Reading declarations

/** The property signatures of an interface (and of the interfaces it extends, first). */
function interfaceMembers(decls, sf, lookup, label) {
  const out = [];
  for (const decl of decls) {
    for (const h of decl.heritageClauses ?? []) {
      for (const e of h.types) {
        const base = ts.isIdentifier(e.expression) ? lookup(e.expression.text) : null;
        if (base) out.push(...interfaceMembers(base.decls, base.sf, lookup, label));
        else warn(`${label}: base interface ${e.expression.getText(sf)} not resolved; its members are missing`);
      }
    }
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type) {
        warn(`${label}: member ${m.name ? m.name.getText(sf) : "?"} is not a property; skipped`);
        continue;
      }
      const name = propName(m.name);
      if (name === null) continue;
      out.push({ name, optional: !!m.questionToken, type: m.type, sf });
    }
  }
  return out;
}

function readResource(token) {
  let module;
  let type;
  let file;
  let sf;
  let cls;
  if (token === PROVIDER_TOKEN) {
    module = null;
    type = "Provider";
    file = path.join(pkgDir, "provider.d.ts");
    sf = parse(file);
    cls = sf?.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === "Provider");
    if (!cls) fail(`no class Provider in ${file}`);
  } else {
    const m = /^azure-native:([a-z0-9.]+):([A-Za-z0-9_]+)$/.exec(token);
    if (!m) fail(`'${token}' is not a type token of the form azure-native:<module>:<Type>`);
    [, module, type] = m;
    ({ file, sf, cls } = findResourceFile(module, type));
  }
  const argsName = `${type}Args`;
  const argsDecls = sf.statements.filter((s) => ts.isInterfaceDeclaration(s) && s.name.text === argsName);
  if (argsDecls.length === 0) fail(`no interface ${argsName} in ${file}`);

  const outputs = [];
  let argsOptional = false;
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m)) {
      const p = m.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
      argsOptional = !!p?.questionToken;
      continue;
    }
    if (!ts.isPropertyDeclaration(m) || hasModifier(m, ts.SyntaxKind.StaticKeyword) || !m.type) continue;
    const name = propName(m.name);
    if (name === null || name === "id" || name === "urn") continue;
    const cs = mapOutput(m.type);
    if (cs) outputs.push({ name, cs });
  }
  const lookup = (n) => {
    const decls = sf.statements.filter((s) => ts.isInterfaceDeclaration(s) && s.name.text === n);
    return decls.length ? { decls, sf } : null;
  };
  const props = interfaceMembers(argsDecls, sf, lookup, `${token} ${argsName}`);
  return { token, module, type, argsName, argsOptional, outputs, props, sf };
}

// ---------------------------------------------------------------------------------------------
// Model: resources, nested types and enums per module

const tokens = readList();
const modules = new Map(); // module ("" for the provider) → { resources, nested: Map, enums: Map }
const moduleOf = (m) => {
  if (!modules.has(m)) modules.set(m, { resources: [], nested: new Map(), enums: new Map() });
  return modules.get(m);
};
const fallbacks = [];

function mapProps(props, module, label) {
  const ctx = { nested: new Set(), enums: new Set(), fallbacks: [], sf: null };
  const mapped = props.map((p) => {
    ctx.sf = p.sf;
    return { ...p, mapped: mapInput(p.type, ctx, `${label}.${p.name}`) };
  });
  fallbacks.push(...ctx.fallbacks);
  return { mapped, ctx };
}

const pending = [];
const seenNested = new Set();
const enqueue = (ctx) => {
  for (const key of [...ctx.nested].sort(ordinal)) {
    if (!seenNested.has(key)) {
      seenNested.add(key);
      pending.push(key);
    }
  }
  for (const key of ctx.enums) {
    const [module, name] = key.split("\0");
    moduleOf(module).enums.set(name, findEnum(module, name));
  }
};

for (const token of tokens) {
  const r = readResource(token);
  const label = r.module === null ? "provider" : `${r.module}.${r.type}`;
  const { mapped, ctx } = mapProps(r.props, r.module, label);
  moduleOf(r.module ?? "").resources.push({ ...r, mapped });
  enqueue(ctx);
}
while (pending.length > 0) {
  const key = pending.shift();
  const [module, name] = key.split("\0");
  const entry = inputTypes().get(key);
  const lookup = (n) => inputTypes().get(`${module}\0${n}`) ?? null;
  const props = interfaceMembers(entry.decls, entry.sf, lookup, `inputs.${module}.${name}`);
  const { mapped, ctx } = mapProps(props, module, `inputs.${module}.${name}`);
  moduleOf(module).nested.set(name, { name, mapped });
  enqueue(ctx);
}

// ---------------------------------------------------------------------------------------------
// Emitting C#

const nsOfModule = (module) => (module === "" ? ROOT_NS : `${ROOT_NS}.${moduleNs(module)}`);

// Type names declared per namespace, to know when a well-known name would be shadowed.
const declaredIn = new Map(); // namespace → Set(type or namespace names)
const declare = (ns, name) => {
  if (!declaredIn.has(ns)) declaredIn.set(ns, new Set());
  declaredIn.get(ns).add(name);
};
declare(ROOT_NS, SHARED_BASE);
for (const [module, m] of modules) {
  const ns = nsOfModule(module);
  if (module !== "") declare(ROOT_NS, moduleNs(module));
  for (const r of m.resources) {
    declare(ns, r.type);
    declare(ns, r.argsName);
  }
  if (m.nested.size) declare(ns, "Inputs");
  if (m.enums.size) declare(ns, "Enums");
  for (const n of m.nested.keys()) declare(`${ns}.Inputs`, n);
  for (const n of m.enums.keys()) declare(`${ns}.Enums`, n);
}

/** `name` as written inside namespace `ns`: unqualified unless something closer shadows it. */
function wk(name, ns) {
  for (let cur = ns; cur.length > CORE_NS.length; cur = cur.slice(0, cur.lastIndexOf("."))) {
    if (declaredIn.get(cur)?.has(name)) return WELL_KNOWN[name];
  }
  return name;
}

function csLeaf(leaf, module, ns, inInputs) {
  if (leaf.kind === "scalar") return leaf.cs;
  if (leaf.module !== module) return `global::${nsOfModule(leaf.module)}.Inputs.${leaf.name}`;
  return inInputs ? leaf.name : `Inputs.${leaf.name}`;
}

function csInputType(mapped, module, ns, inInputs) {
  switch (mapped.kind) {
    case "list": return `${wk("InputList", ns)}<${csLeaf(mapped.elem, module, ns, inInputs)}>`;
    case "map": return `${wk("InputMap", ns)}<${csLeaf(mapped.elem, module, ns, inInputs)}>`;
    default: return `${wk("Input", ns)}<${csLeaf(mapped, module, ns, inInputs)}>`;
  }
}

function emitArgs(lines, className, mapped, module, ns, inInputs) {
  const taken = new Set();
  const props = mapped.map((p) => {
    let cs = pascal(p.name);
    const hidesProperties = cs === "Properties";
    cs = hidesProperties ? (taken.add(cs), cs) : memberName(cs, className, ARGS_RESERVED, taken, `${ns}.${className}`);
    return { ...p, cs, hidesProperties };
  });
  const usesShared = props.some((p) => p.hidesProperties);
  const base = usesShared ? `global::${ROOT_NS}.${SHARED_BASE}` : wk("ResourceArgs", ns);
  const kv = `${wk("IEnumerable", ns)}<${wk("KeyValuePair", ns)}<string, ${wk("IInput", ns)}?>>`;
  lines.push(`    public sealed class ${className} : ${base}`, "    {");
  for (const p of props) {
    const type = csInputType(p.mapped, module, ns, inInputs);
    const mods = ["public", p.hidesProperties ? "new" : null, p.optional ? null : "required"].filter(Boolean).join(" ");
    lines.push(`        ${mods} ${type}${p.optional ? "?" : ""} ${p.cs} { get; init; }`);
  }
  if (props.length) lines.push("");
  lines.push(usesShared
    ? `        private protected override ${kv} PropertyList()`
    : `        protected override ${kv} Properties()`);
  lines.push("        {");
  if (props.length === 0) lines.push("            yield break;");
  for (const p of props) lines.push(`            yield return new(${csString(p.name)}, ${p.cs});`);
  lines.push("        }", "    }");
}

function emitResource(lines, r, ns) {
  const isProvider = r.module === null;
  const base = wk(isProvider ? "ProviderResource" : "CustomResource", ns);
  const tokenValue = r.token;
  lines.push(`    public sealed partial class ${r.type} : ${base}`, "    {");
  lines.push(`        public const string TypeToken = ${csString(tokenValue)};`, "");
  const argsParam = r.argsOptional ? `${r.argsName}? args = null` : `${r.argsName} args`;
  const argsValue = r.argsOptional ? `args ?? new ${r.argsName}()` : "args";
  lines.push(`        public ${r.type}(string name, ${argsParam}, ${wk("ResourceOptions", ns)}? options = null,`);
  lines.push(`            [${wk("CallerFilePath", ns)}] string sourceFile = "", [${wk("CallerLineNumber", ns)}] int sourceLine = 0)`);
  lines.push(`            : base(TypeToken, name, ${argsValue}, options, new ${wk("SourcePosition", ns)}(sourceFile, sourceLine))`);
  lines.push("        {", "        }");
  const taken = new Set();
  if (r.outputs.length) lines.push("");
  for (const o of r.outputs) {
    const cs = memberName(pascal(o.name), r.type, RESOURCE_RESERVED, taken, `${ns}.${r.type}`);
    lines.push(`        public ${wk("Output", ns)}<${o.cs}> ${cs} => GetOutput<${o.cs}>(${csString(o.name)});`);
  }
  lines.push("    }");
}

function emitEnum(lines, name, members, ns) {
  const cls = identifier(name);
  lines.push(`    public static class ${cls}`, "    {");
  const taken = new Set();
  for (const m of members) {
    const id = memberName(identifier(m.key), cls, new Set(OBJECT_MEMBERS), taken, `${ns}.${cls}`);
    if (m.kind === "string") lines.push(`        public const string ${id} = ${csString(m.value)};`);
    else lines.push(`        public const double ${id} = ${String(m.value)};`);
  }
  lines.push("    }");
}

const HEADER = [
  "// <auto-generated/>",
  "// Generated by tools/azure-native/generate-args.mjs from @pulumi/azure-native; do not edit.",
  "#nullable enable",
  "using System.Runtime.CompilerServices;",
  "using Oic.Infra.Resources;",
  "",
];

function block(ns, bodies) {
  const lines = [`namespace ${ns}`, "{"];
  bodies.forEach((b, i) => {
    if (i > 0) lines.push("");
    lines.push(...b);
  });
  lines.push("}");
  return lines;
}

const outputs = new Map(); // file name → text

// Shared base for args classes that have an azure-native member named `properties`.
outputs.set("AzureNative.g.cs", [
  ...HEADER,
  ...block(ROOT_NS, [[
    "    /// <summary>",
    "    /// Base of generated args classes with an azure-native member named <c>properties</c>: their C#",
    "    /// <c>Properties</c> property hides <see cref=\"ResourceArgs\"/>'s <c>Properties()</c>, so they list",
    "    /// their values through <c>PropertyList()</c> instead.",
    "    /// </summary>",
    `    public abstract class ${SHARED_BASE} : ${wk("ResourceArgs", ROOT_NS)}`,
    "    {",
    `        protected sealed override IEnumerable<KeyValuePair<string, IInput?>> Properties() => PropertyList();`,
    "",
    `        private protected abstract IEnumerable<KeyValuePair<string, IInput?>> PropertyList();`,
    "    }",
  ]]),
].join("\n") + "\n");

for (const module of [...modules.keys()].sort(ordinal)) {
  const m = modules.get(module);
  const ns = nsOfModule(module);
  const parts = [];
  const bodies = [];
  for (const r of [...m.resources].sort((a, b) => ordinal(a.type, b.type))) {
    const res = [];
    emitResource(res, r, ns);
    bodies.push(res);
    const args = [];
    emitArgs(args, r.argsName, r.mapped, module, ns, false);
    bodies.push(args);
  }
  if (bodies.length) parts.push(block(ns, bodies));
  if (m.nested.size) {
    const inNs = `${ns}.Inputs`;
    const nb = [...m.nested.keys()].sort(ordinal).map((n) => {
      const lines = [];
      emitArgs(lines, n, m.nested.get(n).mapped, module, inNs, true);
      return lines;
    });
    parts.push(block(inNs, nb));
  }
  if (m.enums.size) {
    const eb = [...m.enums.keys()].sort(ordinal).map((n) => {
      const lines = [];
      emitEnum(lines, n, m.enums.get(n), `${ns}.Enums`);
      return lines;
    });
    parts.push(block(`${ns}.Enums`, eb));
  }
  const lines = [...HEADER];
  parts.forEach((p, i) => {
    if (i > 0) lines.push("");
    lines.push(...p);
  });
  const file = `${module === "" ? "Provider" : moduleNs(module)}.g.cs`;
  outputs.set(file, lines.join("\n") + "\n");
}

// Write, replacing every previously generated file.
fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(outDir)) {
  if (f.endsWith(".g.cs") && !outputs.has(f)) fs.rmSync(path.join(outDir, f));
}
for (const [f, text] of [...outputs].sort(([a], [b]) => ordinal(a, b))) {
  const target = path.join(outDir, f);
  if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) fs.writeFileSync(target, text);
}

// ---------------------------------------------------------------------------------------------
// Report

const count = (f) => [...modules.values()].reduce((n, m) => n + f(m), 0);
const elapsed = ((performance.now() - started) / 1000).toFixed(2);
console.log(`generate-args: ${tokens.length} resources, ${count((m) => m.nested.size)} input types, ` +
  `${count((m) => m.enums.size)} enums → ${path.relative(repoRoot, outDir)} (${outputs.size} files) in ${elapsed}s`);
const uniq = (xs) => [...new Set(xs)].sort(ordinal);
if (fallbacks.length) {
  console.log(`${fallbacks.length} member(s) mapped to object:`);
  for (const f of uniq(fallbacks.map((f) => `  ${f.where}: ${f.ts}  (${f.reason})`))) console.log(f);
}
if (renames.length) {
  const byChange = new Map();
  for (const r of renames) byChange.set(r.change, [...(byChange.get(r.change) ?? []), r.where]);
  console.log(`${renames.length} member name(s) changed to avoid a collision:`);
  for (const change of [...byChange.keys()].sort(ordinal)) {
    const where = uniq(byChange.get(change));
    console.log(`  ${change} in ${where.length <= 3 ? where.join(", ") : `${where.length} classes`}`);
  }
}
for (const w of uniq(warnings)) console.warn(`warning: ${w}`);
