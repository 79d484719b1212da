// Semantic checks on the IR, run before any output is written (docs/diagnostics.md lists every
// code). They report everything they find in one pass over the catalogue.
#pragma once
#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::check {

// Runs every check; returns true when no error (warnings allowed) was reported.
bool check_catalogue(const ir::Catalogue& cat, diag::DiagnosticSink& sink);

// Individual validators, shared with the DSL front-end and tests. Each reports to `sink` and
// returns true when the value is acceptable.
bool check_url(const ir::Text& url, diag::DiagnosticSink& sink);
bool check_sha256(const ir::Text& hex, diag::DiagnosticSink& sink);

// Span of bytes [offset, offset+len) inside `t`'s value when the span maps one-to-one onto the
// source (plain or quoted single-line scalars); otherwise t's whole span.
ir::SourceSpan sub_span(const ir::Text& t, size_t offset, size_t len);

}  // namespace carte::check
