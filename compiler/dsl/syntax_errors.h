// Turns ANTLR's syntax errors into Carte diagnostics: one per line (later ones on the same line are
// usually echoes of the first), worded for people ("unexpected 'x', expected a string") rather than
// as ANTLR token sets.
#pragma once
#include <string>

#include "BaseErrorListener.h"
#include "compiler/diag/diagnostic.h"

namespace carte::dsl {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
  public:
    SyntaxErrorListener(std::string file, diag::DiagnosticSink& sink) : file_(std::move(file)), sink_(sink) {}

    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t col,
                     const std::string& msg, std::exception_ptr e) override;

    size_t count() const { return count_; }

  private:
    std::string file_;
    diag::DiagnosticSink& sink_;
    size_t last_line_ = 0;
    size_t count_ = 0;
};

}  // namespace carte::dsl
