// The Carte DSL's own syntax tree: what the author wrote, compile-time constructs included
// (consts, imports, includes, loops, ifs), independent of ANTLR's types. ast_builder.cpp makes it
// from the parse tree; expander.cpp turns it into the IR.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace carte::dsl::ast {

using Span = ir::SourceSpan;

// An optional part kept on the heap, used like std::optional (test, *, ->, assign a value).
// For the parts few statements have: inline optionals of a condition and an expression made
// every statement 1.3 KB, most of it empty, and each list of statements a large allocation.
template <class T>
class Box {
  public:
    Box() = default;
    Box(T value) : p_(std::make_unique<T>(std::move(value))) {}
    Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    Box(Box&&) noexcept = default;
    Box& operator=(const Box& o) { return *this = Box(o); }
    Box& operator=(Box&&) noexcept = default;
    Box& operator=(T value) {
        p_ = std::make_unique<T>(std::move(value));
        return *this;
    }
    explicit operator bool() const { return p_ != nullptr; }
    T& operator*() { return *p_; }
    const T& operator*() const { return *p_; }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }

  private:
    std::unique_ptr<T> p_;
};

// A piece of a string literal: literal text (escapes resolved, `${…}` runtime settings kept
// verbatim) or a compile-time interpolation `{a.b}` naming a path.
struct StrPart {
    enum class Kind { Literal, Interp };
    Kind kind = Kind::Literal;
    std::string text;               // Literal: the text; Interp: the path as written ("r.code")
    std::vector<std::string> path;  // Interp: the path segments
    Span span;
};

struct StringLit {
    std::vector<StrPart> parts;
    Span span;
};

// An id written bare (`debian`) or as a string (`"debian-{r.code}"`).
struct Name {
    StringLit str;  // a bare id is a one-part literal
    bool quoted = false;
    Span span;
};

// Compile-time expression (`if`, `for … in`, `const`).
struct Expr {
    enum class Kind { Bool, Int, String, List, Path, Not, And, Or, Compare, In };
    Kind kind = Kind::Bool;
    bool bool_value = false;
    std::string text;               // Int: digits; Compare: the operator
    std::vector<std::string> path;  // Path
    StringLit str;                  // String
    std::vector<Expr> operands;     // List elements; operator operands
    Span span;
};

// Runtime condition (`when …`), tested on the machine against iPXE settings.
struct Cond {
    enum class Kind { Compare, IsSet, And, Or, Not };
    Kind kind = Kind::Compare;
    std::string op;       // Compare: == != ~ !~
    std::string setting;  // Compare/IsSet: `net0/mac`, `platform`
    Span setting_span;
    StringLit value;
    std::vector<Cond> operands;
    Span span;
};

// `sha256 "…"`, `name "…"`, `args "…"` after a URL.
struct FetchOption {
    enum class Kind { Sha256, Name, Args };
    Kind kind = Kind::Sha256;
    StringLit value;
    Span span;
};

struct Stmt {
    enum class Kind {
        Version,
        Serial,
        Const,
        Import,
        Include,
        Setting,
        Entry,
        Menu,
        Title,
        Timeout,
        Default,
        Header,
        Gap,
        Item,
        If,
        For,
        Linux,
        Multiboot,
        Kernel,
        Initrd,
        Module,
        Args,
        Efi,
        Chain,
        Shell,
        Exit,
        Reboot,
        Poweroff,
        Ask,
        Set,
        Echo,
        Ipxe
    };
    Kind kind = Kind::Gap;
    Span span;
    std::string keyword;  // as written, for messages

    std::string ident;  // const/import/loop variable; setting name for setting/ask/set
    Span ident_span;
    std::string ident2;  // second loop variable (`for k, v in …`)
    Span ident2_span;

    std::optional<Name> name;      // menu/item/entry/default id
    std::optional<StringLit> str;  // title, label, header, URL, text, prompt, value, path
    Box<StringLit> str2;           // ask's default
    Box<StringLit> key;            // item hotkey
    Box<Cond> when;                // item condition
    Box<Expr> expr;                // const value, if condition, loop collection
    std::vector<FetchOption> options;
    std::string number;  // version, serial, exit status, timeout: digits (and unit) as written
    Span number_span;

    bool has_block = false;  // menu/linux/multiboot/if/for body, item `-> { … }`
    std::vector<Stmt> body;  // block contents; an item's single action is body[0]
    bool has_else = false;
    std::vector<Stmt> else_body;  // `else if` is one If statement here
};

struct File {
    std::string path;
    std::vector<Stmt> statements;
};

}  // namespace carte::dsl::ast
