#!/usr/bin/env node
// Prints the triples of an RDF file (Turtle, RDF/XML or JSON-LD, by extension) as N-Triples, read by the
// reference parsers (n3, rdfxml-streaming-parser, jsonld). Tests use it to check Stadtkern's serialisations
// against independent readers.
//   node tests/shacl/to-ntriples.mjs file.jsonld
import N3 from 'n3';
import rdf from '@zazuko/env';
import { load } from './validate.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node to-ntriples.mjs file.(ttl|rdf|jsonld)');
  process.exit(2);
}
try {
  const data = rdf.dataset();
  await load(file, data);
  const writer = new N3.Writer({ format: 'N-Triples' });
  for (const q of data) writer.addQuad(q.subject, q.predicate, q.object);
  writer.end((err, out) => {
    if (err) { console.error(String(err)); process.exitCode = 2; return; }
    process.stdout.write(out);
  });
} catch (err) {
  console.error('to-ntriples.mjs: ' + (err && err.message ? err.message : err));
  process.exitCode = 2;
}
