// Parse tree (ANTLR, generated from dsl/Carte.g4) → AST (ast.h). Only runs on a tree without
// syntax errors, so every child the grammar requires is present.
#include "CarteLexer.h"
#include "CarteParser.h"
#include "antlr4-runtime.h"
#include "compiler/dsl/lexer.h"
#include "compiler/dsl/parser.h"
#include "compiler/dsl/string_literal.h"
#include "compiler/dsl/syntax_errors.h"
#include "compiler/dsl/utf8_check.h"

namespace carte::dsl {
namespace {

using P = carte_gen::CarteParser;
using ast::Cond;
using ast::Expr;
using ast::Span;
using ast::Stmt;

class AstBuilder {
  public:
    AstBuilder(std::string file, diag::DiagnosticSink& sink) : file_(std::move(file)), sink_(sink) {}

    std::vector<Stmt> statements(const std::vector<P::StatementContext*>& list) {
        std::vector<Stmt> out;
        out.reserve(list.size());
        for (auto* s : list) out.push_back(statement(s));
        return out;
    }

  private:
    // Where a token ends: its last character (tokens may span lines: triple-quoted strings).
    void token_end(antlr4::Token* t, uint32_t& end_line, uint32_t& end_col) {
        uint32_t line = static_cast<uint32_t>(t->getLine());
        uint32_t col = static_cast<uint32_t>(t->getCharPositionInLine()) + 1;
        end_line = line;
        end_col = col;
        size_t type = t->getType();
        if (type != P::TRIPLE_STRING && type != P::NL && type != antlr4::Token::EOF &&
            t->getStopIndex() >= t->getStartIndex()) {
            // Only those tokens can hold a newline; the others end on their line, and their
            // start and stop indexes count characters (code points), as columns do.
            end_col = col + static_cast<uint32_t>(t->getStopIndex() - t->getStartIndex());
            return;
        }
        for (char c : t->getText()) {
            if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation
            end_line = line;
            end_col = col;
            if (c == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
    }

    Span token_span(antlr4::Token* t) {
        Span s{file_, static_cast<uint32_t>(t->getLine()),
               static_cast<uint32_t>(t->getCharPositionInLine()) + 1, 0, 0};
        token_end(t, s.end_line, s.end_col);
        return s;
    }

    Span span(antlr4::ParserRuleContext* ctx) {
        Span s = token_span(ctx->getStart());
        antlr4::Token* stop = ctx->getStop();
        if (stop && stop->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
            Span e = token_span(stop);
            s.end_line = e.end_line;
            s.end_col = e.end_col;
        }
        return s;
    }

    ast::StringLit str(P::StrContext* ctx) {
        antlr4::Token* t = ctx->getStart();
        return read_string_literal(t->getText(), file_, static_cast<uint32_t>(t->getLine()),
                                   static_cast<uint32_t>(t->getCharPositionInLine()) + 1, sink_);
    }

    ast::Name name(P::NameContext* ctx) {
        ast::Name n;
        n.span = span(ctx);
        if (ctx->str()) {
            n.quoted = true;
            n.str = str(ctx->str());
        } else {
            n.str = plain_string(ctx->getStart()->getText(), n.span);  // one ident token
        }
        return n;
    }

    // `net0/mac:hexhyp`, `net0.dhcp/ip`: the tokens joined as written, without spaces (what
    // ctx->getText() gives, without its string stream).
    std::string setting_name(P::SettingNameContext* ctx) {
        std::string out;
        for (antlr4::tree::ParseTree* child : ctx->children) {
            if (auto* ident = dynamic_cast<P::IdentContext*>(child))
                out += ident->getStart()->getText();
            else
                out += child->getText();  // '.', '/' or ':'
        }
        return out;
    }

    ast::FetchOption fetch_option(P::FetchOptionContext* ctx) {
        ast::FetchOption o;
        o.kind = ctx->SHA256() ? ast::FetchOption::Kind::Sha256
                 : ctx->NAME() ? ast::FetchOption::Kind::Name
                               : ast::FetchOption::Kind::Args;
        o.value = str(ctx->str());
        o.span = span(ctx);
        return o;
    }

    Cond cond(P::CondContext* ctx) {
        Cond c;
        c.span = span(ctx);
        if (auto* p = dynamic_cast<P::ParenCondContext*>(ctx)) return cond(p->cond());
        if (auto* n = dynamic_cast<P::NotCondContext*>(ctx)) {
            c.kind = Cond::Kind::Not;
            c.operands.push_back(cond(n->cond()));
        } else if (auto* i = dynamic_cast<P::IssetCondContext*>(ctx)) {
            c.kind = Cond::Kind::IsSet;
            c.setting = setting_name(i->settingName());
            c.setting_span = span(i->settingName());
        } else if (auto* k = dynamic_cast<P::CompareCondContext*>(ctx)) {
            c.kind = Cond::Kind::Compare;
            c.op = k->op->getText();
            c.setting = setting_name(k->settingName());
            c.setting_span = span(k->settingName());
            c.value = str(k->str());
        } else if (auto* a = dynamic_cast<P::AndCondContext*>(ctx)) {
            c.kind = Cond::Kind::And;
            c.operands.push_back(cond(a->cond(0)));
            c.operands.push_back(cond(a->cond(1)));
        } else if (auto* o = dynamic_cast<P::OrCondContext*>(ctx)) {
            c.kind = Cond::Kind::Or;
            c.operands.push_back(cond(o->cond(0)));
            c.operands.push_back(cond(o->cond(1)));
        }
        return c;
    }

    Expr expr(P::ExprContext* ctx) {
        Expr e;
        e.span = span(ctx);
        if (auto* p = dynamic_cast<P::ParenExprContext*>(ctx)) return expr(p->expr());
        if (auto* n = dynamic_cast<P::NotExprContext*>(ctx)) {
            e.kind = Expr::Kind::Not;
            e.operands.push_back(expr(n->expr()));
        } else if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
            e.kind = Expr::Kind::Compare;
            e.text = c->op->getText();
            e.operands.push_back(expr(c->expr(0)));
            e.operands.push_back(expr(c->expr(1)));
        } else if (auto* i = dynamic_cast<P::InExprContext*>(ctx)) {
            e.kind = Expr::Kind::In;
            e.operands.push_back(expr(i->expr(0)));
            e.operands.push_back(expr(i->expr(1)));
        } else if (auto* a = dynamic_cast<P::AndExprContext*>(ctx)) {
            e.kind = Expr::Kind::And;
            e.operands.push_back(expr(a->expr(0)));
            e.operands.push_back(expr(a->expr(1)));
        } else if (auto* o = dynamic_cast<P::OrExprContext*>(ctx)) {
            e.kind = Expr::Kind::Or;
            e.operands.push_back(expr(o->expr(0)));
            e.operands.push_back(expr(o->expr(1)));
        } else if (auto* l = dynamic_cast<P::ListExprContext*>(ctx)) {
            e.kind = Expr::Kind::List;
            for (auto* x : l->expr()) e.operands.push_back(expr(x));
        } else if (auto* b = dynamic_cast<P::BoolExprContext*>(ctx)) {
            e.kind = Expr::Kind::Bool;
            e.bool_value = b->TRUE() != nullptr;
        } else if (auto* n2 = dynamic_cast<P::IntExprContext*>(ctx)) {
            e.kind = Expr::Kind::Int;
            e.text = n2->INT()->getText();
        } else if (auto* s = dynamic_cast<P::StringExprContext*>(ctx)) {
            e.kind = Expr::Kind::String;
            e.str = str(s->str());
        } else if (auto* pa = dynamic_cast<P::PathExprContext*>(ctx)) {
            e.kind = Expr::Kind::Path;
            for (auto* id : pa->path()->ident()) e.path.push_back(id->getText());
        }
        return e;
    }

    void block(P::BlockContext* ctx, Stmt& s) {
        s.has_block = true;
        s.body = statements(ctx->statement());
    }

    void fetch(Stmt& s, P::StrContext* url, const std::vector<P::FetchOptionContext*>& options) {
        s.str = str(url);
        for (auto* o : options) s.options.push_back(fetch_option(o));
    }

    Stmt if_stmt(P::IfStmtContext* x) {
        Stmt s;
        s.kind = Stmt::Kind::If;
        s.keyword = "if";
        s.span = span(x);
        s.expr = expr(x->expr());
        block(x->block(0), s);
        if (x->ELSE()) {
            s.has_else = true;
            if (x->ifStmt())
                s.else_body.push_back(if_stmt(x->ifStmt()));
            else
                s.else_body = statements(x->block(1)->statement());
        }
        return s;
    }

    Stmt statement(P::StatementContext* ctx) {
        using K = Stmt::Kind;
        Stmt s;
        s.span = span(ctx);
        s.keyword = ctx->getStart()->getText();
        // A statement is exactly one of the alternatives: dispatch on the rule of that one child
        // rather than asking each accessor in turn (each one is a dynamic_cast scan).
        auto* alt = static_cast<antlr4::ParserRuleContext*>(ctx->children.at(0));
        switch (alt->getRuleIndex()) {
            case P::RuleVersionStmt: {
                auto* x = static_cast<P::VersionStmtContext*>(alt);
                s.kind = K::Version;
                s.number = x->INT()->getText();
                s.number_span = token_span(x->INT()->getSymbol());
                break;
            }
            case P::RuleSerialStmt: {
                auto* x = static_cast<P::SerialStmtContext*>(alt);
                s.kind = K::Serial;
                s.number = x->INT()->getText();
                s.number_span = token_span(x->INT()->getSymbol());
                break;
            }
            case P::RuleConstStmt: {
                auto* x = static_cast<P::ConstStmtContext*>(alt);
                s.kind = K::Const;
                s.ident = x->ident()->getText();
                s.ident_span = span(x->ident());
                s.expr = expr(x->expr());
                break;
            }
            case P::RuleImportStmt: {
                auto* x = static_cast<P::ImportStmtContext*>(alt);
                s.kind = K::Import;
                s.ident = x->ident()->getText();
                s.ident_span = span(x->ident());
                s.str = str(x->str());
                break;
            }
            case P::RuleIncludeStmt: {
                auto* x = static_cast<P::IncludeStmtContext*>(alt);
                s.kind = K::Include;
                s.str = str(x->str());
                break;
            }
            case P::RuleSettingStmt: {
                auto* x = static_cast<P::SettingStmtContext*>(alt);
                s.kind = K::Setting;
                s.ident = setting_name(x->settingName());
                s.ident_span = span(x->settingName());
                s.str = str(x->str());
                break;
            }
            case P::RuleEntryStmt: {
                auto* x = static_cast<P::EntryStmtContext*>(alt);
                s.kind = K::Entry;
                s.name = name(x->name());
                break;
            }
            case P::RuleMenuStmt: {
                auto* x = static_cast<P::MenuStmtContext*>(alt);
                s.kind = K::Menu;
                if (x->name()) s.name = name(x->name());
                if (x->str()) s.str = str(x->str());
                if (x->block()) block(x->block(), s);
                break;
            }
            case P::RuleTitleStmt: {
                auto* x = static_cast<P::TitleStmtContext*>(alt);
                s.kind = K::Title;
                s.str = str(x->str());
                break;
            }
            case P::RuleTimeoutStmt: {
                auto* x = static_cast<P::TimeoutStmtContext*>(alt);
                s.kind = K::Timeout;
                s.number = x->duration()->getText();
                s.number_span = span(x->duration());
                break;
            }
            case P::RuleDefaultStmt: {
                auto* x = static_cast<P::DefaultStmtContext*>(alt);
                s.kind = K::Default;
                s.name = name(x->name());
                break;
            }
            case P::RuleHeaderStmt: {
                auto* x = static_cast<P::HeaderStmtContext*>(alt);
                s.kind = K::Header;
                s.str = str(x->str());
                break;
            }
            case P::RuleGapStmt:
                s.kind = K::Gap;
                break;
            case P::RuleItemStmt: {
                auto* x = static_cast<P::ItemStmtContext*>(alt);
                s.kind = K::Item;
                s.name = name(x->name());
                s.str = str(x->str());
                if (auto* k = x->keyClause()) {
                    if (k->str())
                        s.key = str(k->str());
                    else
                        s.key = plain_string(k->getStop()->getText(), token_span(k->getStop()));
                }
                if (x->whenClause()) s.when = cond(x->whenClause()->cond());
                if (x->block()) {
                    block(x->block(), s);
                } else {
                    s.body.push_back(statement(x->statement()));
                }
                break;
            }
            case P::RuleIfStmt: {
                auto* x = static_cast<P::IfStmtContext*>(alt);
                Stmt i = if_stmt(x);
                i.span = s.span;
                return i;
            }
            case P::RuleForStmt: {
                auto* x = static_cast<P::ForStmtContext*>(alt);
                s.kind = K::For;
                s.ident = x->ident(0)->getText();
                s.ident_span = span(x->ident(0));
                if (x->ident().size() > 1) {
                    s.ident2 = x->ident(1)->getText();
                    s.ident2_span = span(x->ident(1));
                }
                s.expr = expr(x->expr());
                block(x->block(), s);
                break;
            }
            case P::RuleLinuxStmt: {
                auto* x = static_cast<P::LinuxStmtContext*>(alt);
                s.kind = K::Linux;
                block(x->block(), s);
                break;
            }
            case P::RuleMultibootStmt: {
                auto* x = static_cast<P::MultibootStmtContext*>(alt);
                s.kind = K::Multiboot;
                block(x->block(), s);
                break;
            }
            case P::RuleKernelStmt: {
                auto* x = static_cast<P::KernelStmtContext*>(alt);
                s.kind = K::Kernel;
                fetch(s, x->str(), x->fetchOption());
                break;
            }
            case P::RuleInitrdStmt: {
                auto* x = static_cast<P::InitrdStmtContext*>(alt);
                s.kind = K::Initrd;
                fetch(s, x->str(), x->fetchOption());
                break;
            }
            case P::RuleModuleStmt: {
                auto* x = static_cast<P::ModuleStmtContext*>(alt);
                s.kind = K::Module;
                fetch(s, x->str(), x->fetchOption());
                break;
            }
            case P::RuleArgsStmt: {
                auto* x = static_cast<P::ArgsStmtContext*>(alt);
                s.kind = K::Args;
                s.str = str(x->str());
                break;
            }
            case P::RuleEfiStmt: {
                auto* x = static_cast<P::EfiStmtContext*>(alt);
                s.kind = K::Efi;
                fetch(s, x->str(), x->fetchOption());
                break;
            }
            case P::RuleChainStmt: {
                auto* x = static_cast<P::ChainStmtContext*>(alt);
                s.kind = K::Chain;
                fetch(s, x->str(), x->fetchOption());
                break;
            }
            case P::RuleShellStmt:
                s.kind = K::Shell;
                break;
            case P::RuleExitStmt: {
                auto* x = static_cast<P::ExitStmtContext*>(alt);
                s.kind = K::Exit;
                if (x->INT()) {
                    s.number = x->INT()->getText();
                    s.number_span = token_span(x->INT()->getSymbol());
                }
                break;
            }
            case P::RuleRebootStmt:
                s.kind = K::Reboot;
                break;
            case P::RulePoweroffStmt:
                s.kind = K::Poweroff;
                break;
            case P::RuleAskStmt: {
                auto* x = static_cast<P::AskStmtContext*>(alt);
                s.kind = K::Ask;
                s.ident = setting_name(x->settingName());
                s.ident_span = span(x->settingName());
                s.str = str(x->str(0));
                if (x->str().size() > 1) s.str2 = str(x->str(1));
                break;
            }
            case P::RuleSetStmt: {
                auto* x = static_cast<P::SetStmtContext*>(alt);
                s.kind = K::Set;
                s.ident = setting_name(x->settingName());
                s.ident_span = span(x->settingName());
                s.str = str(x->str());
                break;
            }
            case P::RuleEchoStmt: {
                auto* x = static_cast<P::EchoStmtContext*>(alt);
                s.kind = K::Echo;
                s.str = str(x->str());
                break;
            }
            case P::RuleIpxeStmt: {
                auto* x = static_cast<P::IpxeStmtContext*>(alt);
                s.kind = K::Ipxe;
                s.str = str(x->str());
                break;
            }
        }
        return s;
    }

    std::string file_;
    diag::DiagnosticSink& sink_;
};

}  // namespace

std::optional<ast::File> parse_ast(const std::string& text, const std::string& file,
                                   diag::DiagnosticSink& sink) {
    if (!check_utf8(text, file, sink)) return std::nullopt;
    // The hand-made lexer (lexer.h) gives the parser the tokens of Carte.g4's lexer rules; none
    // of them is an error (a stray character is a BAD_CHAR token the parser reports).
    std::unique_ptr<antlr4::TokenSource> source = make_token_source(text, /*hidden_tokens=*/false);
    antlr4::CommonTokenStream tokens(source.get());
    carte_gen::CarteParser parser(&tokens);
    parser.removeErrorListeners();
    // Two stages, as ANTLR recommends: SLL prediction without error recovery first, which is
    // enough for every valid file and skips the recovery bookkeeping (sync) at each rule; at the
    // first error, parse again in full LL mode with the normal error strategy, which reports
    // exactly what a single LL parse would.
    auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    P::FileContext* tree = nullptr;
    try {
        tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
        tree = nullptr;
    }
    SyntaxErrorListener listener(file, sink);
    if (!tree) {
        tokens.seek(0);
        parser.reset();
        simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
        parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
        parser.addErrorListener(&listener);
        tree = parser.file();
        if (listener.count() > 0) return std::nullopt;
    }
    size_t errors_before = sink.error_count();
    ast::File out;
    out.path = file;
    out.statements = AstBuilder(file, sink).statements(tree->statement());
    if (sink.error_count() != errors_before) return std::nullopt;
    return out;
}

}  // namespace carte::dsl
