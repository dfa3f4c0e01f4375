#!/usr/bin/env node
// Validates a DCAT-AP.de 3.0 export offline with the official SHACL shapes.
//
//   node tests/shacl/validate.mjs catalog.ttl [more.ttl ...]
//
// Loads the shapes the way GovData's validator does (see ../shared/data/README.md):
//   - every non-`vocab-` .ttl file of the shapes folder forms one shapes graph, without its
//     owl:imports triples (they point to online vocabularies);
//   - the `vocab-*` files (licences, contributors, FOAF, vCard, ORG) join the data graph;
//   - the online-only EU authority tables and the political-geocoding level list are stood in for
//     by membership by namespace: a term under http://publications.europa.eu/resource/authority/{table}/
//     is a skos:Concept skos:inScheme that table (likewise http://dcat-ap.de/def/politicalGeocoding/Level/);
//   - DCAT's own class hierarchy (Dataset, DataService, Catalog are rdfs:subClassOf dcat:Resource).
//
// The shapes folder is $DCAT_AP_DE_SHAPES, or the first `shared/standards/dcat-ap.de-3.0` found
// next to the repository or one of its parents.
//
// Prints one JSON object on stdout: { conforms, violations, warnings, infos, results: [...] }.
// Exit status: 0 when there is no result of severity sh:Violation, 1 when there is, 2 on a usage
// or loading error (unreadable file, Turtle syntax error).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import rdf from '@zazuko/env';
import SHACLValidator from 'rdf-validate-shacl';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const SH = 'http://www.w3.org/ns/shacl#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const GEOCODING_LEVEL = 'http://dcat-ap.de/def/politicalGeocoding/Level';

function findShapesDir() {
  if (process.env.DCAT_AP_DE_SHAPES) return process.env.DCAT_AP_DE_SHAPES;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'shared', 'standards', 'dcat-ap.de-3.0');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function parseTurtle(file, into, keep = () => true) {
  const text = fs.readFileSync(file, 'utf8');
  const parser = new N3.Parser({ baseIRI: 'file://' + path.resolve(file) });
  for (const q of parser.parse(text)) {
    if (keep(q)) into.add(rdf.quad(q.subject, q.predicate, q.object));
  }
}

function parseRdfXml(file, into) {
  return new Promise((resolve, reject) => {
    const parser = new RdfXmlParser({ baseIRI: 'file://' + path.resolve(file), dataFactory: rdf });
    parser.on('data', q => into.add(rdf.quad(q.subject, q.predicate, q.object)));
    parser.on('error', reject);
    parser.on('end', resolve);
    parser.write(fs.readFileSync(file, 'utf8'));
    parser.end();
  });
}

function load(file, into) {
  return file.endsWith('.rdf') ? parseRdfXml(file, into) : Promise.resolve(parseTurtle(file, into));
}

async function main(args) {
  if (args.length === 0) {
    console.error('usage: node validate.mjs data.ttl [more.ttl ...]');
    return 2;
  }
  const shapesDir = findShapesDir();
  if (!shapesDir) {
    console.error('validate.mjs: DCAT-AP.de 3.0 shapes not found (set DCAT_AP_DE_SHAPES)');
    return 2;
  }

  const shapes = rdf.dataset();
  const data = rdf.dataset();
  const files = fs.readdirSync(shapesDir).sort();
  for (const f of files) {
    const full = path.join(shapesDir, f);
    if (f.startsWith('vocab-')) await load(full, data);
    else if (f.endsWith('.ttl')) parseTurtle(full, shapes, q => q.predicate.value !== OWL + 'imports');
  }
  for (const f of args) parseTurtle(f, data);

  // Controlled vocabularies that exist only online: membership by namespace.
  const concept = rdf.namedNode(SKOS + 'Concept');
  const inScheme = rdf.namedNode(SKOS + 'inScheme');
  const type = rdf.namedNode(RDF + 'type');
  const terms = new Set();
  for (const q of data) {
    for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode') terms.add(t.value);
  }
  for (const iri of terms) {
    let scheme = null;
    if (iri.startsWith(EU_AUTHORITY)) {
      const rest = iri.slice(EU_AUTHORITY.length);
      const slash = rest.indexOf('/');
      if (slash > 0 && slash < rest.length - 1) scheme = EU_AUTHORITY + rest.slice(0, slash);
    } else if (iri.startsWith(GEOCODING_LEVEL + '/') && iri.length > GEOCODING_LEVEL.length + 1) {
      scheme = GEOCODING_LEVEL;
    }
    if (scheme) {
      data.add(rdf.quad(rdf.namedNode(iri), type, concept));
      data.add(rdf.quad(rdf.namedNode(iri), inScheme, rdf.namedNode(scheme)));
    }
  }
  // DCAT's own class hierarchy.
  for (const c of ['Dataset', 'DataService', 'Catalog']) {
    data.add(rdf.quad(rdf.namedNode(DCAT + c), rdf.namedNode(RDFS + 'subClassOf'), rdf.namedNode(DCAT + 'Resource')));
  }

  const validator = new SHACLValidator(shapes, { factory: rdf });
  const report = await validator.validate(data);
  const term = t => (t ? (t.termType === 'Literal' ? JSON.stringify(t.value) : t.value) : null);
  const results = report.results.map(r => ({
    severity: r.severity ? r.severity.value.replace(SH, '') : null,
    focusNode: term(r.focusNode),
    path: term(r.path),
    value: term(r.value),
    message: r.message.map(m => m.value),
    shape: term(r.sourceShape),
    component: r.sourceConstraintComponent ? r.sourceConstraintComponent.value.replace(SH, '') : null,
  }));
  const count = s => results.filter(r => r.severity === s).length;
  const summary = {
    conforms: report.conforms,
    violations: count('Violation'),
    warnings: count('Warning'),
    infos: count('Info'),
    results,
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  return summary.violations === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { console.error('validate.mjs: ' + (err && err.stack ? err.stack : err)); process.exitCode = 2; },
);
