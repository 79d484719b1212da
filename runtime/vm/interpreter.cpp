#include "runtime/vm/interpreter.h"

#include "runtime/bytecode/instruction.h"
#include "runtime/commands/command_table.h"
#include "runtime/crypto/sha256.h"
#include "runtime/settings/expand.h"
#include "runtime/ui/menu_view.h"
#include "runtime/uri/uri_resolve.h"
#include "runtime/vm/glob.h"
#include "runtime/vm/program_gate.h"

namespace carte {

int32_t status_rc(const Status& s) {
    if (s.ok()) return 0;
    if (s.error().code == Errc::exit_status) return s.error().value;
    return static_cast<int32_t>(s.error().code);
}

Status rc_status(int32_t rc) {
    if (rc == 0) return {};
    return Error(static_cast<Errc>(rc));
}

struct Interpreter::Frame {
    const bc::Module* module = nullptr;
    Vec<uint8_t> hidden;  // per menu item: hide the next time its menu is shown
};

Interpreter::Interpreter(Platform& platform, const InterpreterOptions& options)
    : platform_(platform),
      options_(options),
      commands_(options.commands.empty() ? builtin_commands() : options.commands),
      builtins_(&platform, options.version),
      smbios_(&platform) {
    if (!options_.translate) options_.translate = translate_ipxe_script;
}

Interpreter::~Interpreter() = default;

Status Interpreter::init() {
    CARTE_TRY(settings_.register_block("builtin", &builtins_));
    CARTE_TRY(settings_.register_block("smbios", &smbios_));
    return {};
}

const CommandSpec* Interpreter::find_command(Str name) const {
    for (const CommandSpec& c : commands_)
        if (c.name == name) return &c;
    return nullptr;
}

void Interpreter::print_error(Str what, const Error& e) {
    String line = String::copy(what);
    (void)line.append(": ");
    (void)line.append(Str::from_cstr(errc_message(e.code)));
    if (e.detail) {
        (void)line.append(" (");
        (void)line.append(Str::from_cstr(e.detail));
        (void)line.append(")");
    }
    (void)line.append("\n");
    print(line);
}

int Interpreter::read_key(uint32_t timeout_ms) {
    return platform_.read_key(timeout_ms);
}

void Interpreter::request_goto(Str label) {
    pending_goto_ = String::copy(label);
    goto_requested_ = true;
}

// Between instructions: Ctrl-C interrupts a script that never waits for input. The platform
// keeps any other key for whoever reads keys next.
bool Interpreter::check_interrupt() {
    return platform_.interrupt_pending();
}

Status Interpreter::resolve(Str uri, String* out) const {
    const Uri& base = builtins_.working_uri();
    if (base.is_empty()) return out->append(uri) ? Status() : Status(Errc::nomem);
    auto resolved = resolve_uri(base, uri);
    if (!resolved) return resolved.error();
    return resolved->format(out);
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Compares a digest with a hex pin (64 hex digits, either case).
Status check_sha256(Bytes data, Str hex) {
    if (hex.size() != 2 * crypto::kSha256Size) return Error(Errc::inval, "--sha256 needs 64 hex digits");
    crypto::Sha256Digest d = crypto::sha256(data);
    for (size_t i = 0; i < crypto::kSha256Size; ++i) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return Error(Errc::inval, "--sha256 needs 64 hex digits");
        if (d.bytes[i] != static_cast<uint8_t>(hi << 4 | lo))
            return Error(Errc::access, "SHA-256 does not match the pinned value");
    }
    return {};
}

}  // namespace

// `URI##params[=name]`: the named (or unnamed) `params` list, for FetchOptions.
Status Interpreter::request_params(Str uri, const ParamList** out) const {
    *out = nullptr;
    if (uri.find("##params") == Str::npos) return {};
    auto parsed = Uri::parse(uri);
    if (!parsed) return parsed.error();
    if (!parsed->has_params()) return {};
    *out = params_.find(parsed->params_name());
    if (!*out) return Error(Errc::noent, "no such parameter list");
    return {};
}

Result<Image*> Interpreter::acquire(Str uri_or_name, const Acquire& how) {
    if (how.reuse) {
        if (Image* existing = images_.find(uri_or_name)) {
            // A pin holds for the bytes that will be used, fetched now or earlier.
            if (!how.sha256_hex.empty()) CARTE_TRY(check_sha256(existing->data.span(), how.sha256_hex));
            return existing;
        }
    }
    if (!options_.fetcher) return Error(Errc::notsup, "no way to download on this platform");
    String uri;
    CARTE_TRY(resolve(uri_or_name, &uri));
    Image* image = ImageRegistry::create();
    if (!image) return Errc::nomem;
    image->uri = uri.clone();
    FetchOptions fo;
    fo.timeout_ms = how.timeout_ms;
    fo.quiet = how.quiet;
    Status fetched = request_params(uri_or_name, &fo.params);  // resolving drops ##params
    if (fetched.ok()) fetched = options_.fetcher->fetch(uri, fo, &image->data);
    if (fetched.ok() && !how.sha256_hex.empty()) fetched = check_sha256(image->data.span(), how.sha256_hex);
    if (!fetched.ok()) {
        destroy(image);
        return fetched.error();
    }
    image->name = String::copy(how.name.empty() ? image_name_from_uri(uri) : how.name);
    image->autofree = how.autofree;
    Status added = images_.add(image);
    if (!added.ok()) {
        destroy(image);
        return added.error();
    }
    return image;
}

Status Interpreter::run(Bytes data, Str uri, bool fetched) {
    Image* image = ImageRegistry::create();
    if (!image) return Errc::nomem;
    if (!image->data.reserve(data.size())) {
        destroy(image);
        return Errc::nomem;
    }
    for (uint8_t b : data) (void)image->data.push(b);
    image->uri = String::copy(uri);
    image->name = String::copy(image_name_from_uri(uri));
    image->autofree = true;     // the top-level program is not left behind as an initrd
    image->trusted = !fetched;  // the firmware's own (embedded) program is trusted, as in iPXE
    image->embedded = !fetched;
    CARTE_TRY(images_.add(image));
    Status s = execute(image, false);
    if (halted_) return rc_status(halt_status_);
    return s;
}

Status Interpreter::execute(Image* image, bool replace) {
    // After `imgtrust`, only images that passed `imgverify` may run (iPXE's EACCES_UNTRUSTED).
    if (images_.require_trusted() && !image->trusted) return Error(Errc::access, "image not trusted");
    if (image->kind != ImageKind::script && image->kind != ImageKind::bytecode) return boot(image);
    if (replace && depth_ > 0) {
        request_replace(image);
        return {};
    }
    return run_image(image);
}

Status Interpreter::run_image(Image* image) {
    if (depth_ >= options_.max_depth) return Error(Errc::nospc, "scripts nested too deeply");
    for (;;) {
        if (!image->embedded && options_.trust) {
            Status gate = check_fetched_program(*this, *image);
            if (!gate.ok()) {
                images_.remove(image);  // refused bytes never linger (e.g. as a later initrd)
                return gate;
            }
        }
        String why;
        auto program = load_program(image->data.span(), image->name, options_.translate, &why);
        if (!program) {
            String what = String::copy(image->name);
            if (!why.empty()) (void)what.append(": "), (void)what.append(why);
            print_error(what, program.error());
            return program.error();
        }
        // While it runs the image is off the list, so it is not passed on as an initrd.
        images_.detach(image);
        auto saved_uri = builtins_.working_uri().clone();
        if (!image->uri.empty()) (void)change_working_uri(&builtins_.working_uri(), image->uri);
        ++depth_;
        int32_t rc = execute_module((*program)->module);
        --depth_;
        free_program(*program);
        if (saved_uri) builtins_.working_uri() = saved_uri.take();
        if (image->autofree || replacement_) {
            destroy(image);
        } else if (!images_.add(image).ok()) {
            destroy(image);
        }
        Image* next = replacement_;
        replacement_ = nullptr;
        if (!next || halted_) return rc_status(rc);
        image = next;  // `chain --replace`: the new image takes this one's place
    }
}

Status Interpreter::run_module(const bc::Module& module) {
    ++depth_;
    int32_t rc = execute_module(module);
    --depth_;
    return rc_status(rc);
}

int32_t Interpreter::execute_module(const bc::Module& m) {
    Frame frame;
    frame.module = &m;
    if (!frame.hidden.reserve(m.items().size())) return static_cast<int32_t>(Errc::nomem);
    for (size_t i = 0; i < m.items().size(); ++i) (void)frame.hidden.push(0);

    Vec<String> stack;
    if (!stack.reserve(m.header().max_stack ? m.header().max_stack : 1))
        return static_cast<int32_t>(Errc::nomem);
    const Bytes code = m.code();
    uint32_t pc = m.header().entry;
    int32_t rc = 0;
    uint32_t until_check = options_.ctrl_c_interval;

    for (;;) {
        // The embedder ends the program from outside: every nested level unwinds at once.
        if (options_.stop && options_.stop->requested()) return static_cast<int32_t>(Errc::canceled);
        ++instructions_;
        if (options_.instruction_budget && instructions_ > options_.instruction_budget) {
            print("Script stopped: instruction budget exhausted\n");
            request_halt(static_cast<int32_t>(Errc::canceled));
            return static_cast<int32_t>(Errc::canceled);
        }
        if (--until_check == 0) {
            until_check = options_.ctrl_c_interval;
            if (check_interrupt()) {
                print("Script interrupted\n");
                return static_cast<int32_t>(Errc::canceled);
            }
        }
        bc::Instruction ins;
        if (bc::decode_instruction(code, pc, &ins) != bc::DecodeError::none)
            return static_cast<int32_t>(Errc::badmsg);  // unreachable for verified modules
        uint32_t next = pc + ins.size;
        switch (ins.op()) {
            case bc::Op::Nop:
                break;
            case bc::Op::Push:
                if (!stack.push(String::copy(m.str(ins.a)))) return static_cast<int32_t>(Errc::nomem);
                break;
            case bc::Op::PushX: {
                String value;
                if (!expand_settings(settings_, m.str(ins.a), &value).ok())
                    value = String::copy(m.str(ins.a));
                if (!stack.push(carte::move(value))) return static_cast<int32_t>(Errc::nomem);
                break;
            }
            case bc::Op::Exec: {
                size_t n = ins.a;
                Str argv[bc::kMaxExecArgs];
                size_t base = stack.size() - n;
                for (size_t i = 0; i < n; ++i) argv[i] = stack[base + i].view();
                const CommandSpec* cmd = find_command(argv[0]);
                Status s;
                if (!cmd) {
                    String msg = String::copy(argv[0]);
                    (void)msg.append(": command not found\n");
                    print(msg);
                    s = Error(Errc::noexec);
                } else {
                    s = cmd->run(*this, Span<const Str>(argv, n));
                }
                stack.truncate(base);
                bool exiting = !s.ok() && s.error().code == Errc::exit_status;
                rc = status_rc(s);
                if (rc != 0) builtins_.set_errno(static_cast<uint32_t>(rc));
                if (exiting) exited_ = true;
                if (halted_ || exiting || replacement_) return rc;
                if (goto_requested_) {
                    goto_requested_ = false;
                    uint32_t target;
                    if (m.find_label(pending_goto_, &target)) {
                        stack.clear();
                        next = target;
                        rc = 0;
                    } else {
                        rc = static_cast<int32_t>(Errc::noent);
                    }
                }
                break;
            }
            case bc::Op::Jmp:
                next = ins.a;
                break;
            case bc::Op::Jok:
                if (rc == 0) next = ins.a;
                break;
            case bc::Op::Jfail:
                if (rc != 0) next = ins.a;
                break;
            case bc::Op::Line:
                if (rc != 0) return rc;
                break;
            case bc::Op::Goto: {
                uint32_t target;
                bool found = m.find_label(stack.back(), &target);
                stack.pop();
                if (found) {
                    next = target;
                    rc = 0;
                } else {
                    rc = static_cast<int32_t>(Errc::noent);
                    builtins_.set_errno(static_cast<uint32_t>(rc));
                }
                break;
            }
            case bc::Op::Ret:
                return rc;
            case bc::Op::Menu: {
                uint32_t target = 0;
                rc = show_module_menu(frame, ins.a, &target);
                if (halted_) return rc;
                if (rc == 0) next = target;
                break;
            }
            case bc::Op::Hide: {
                const bc::MenuView& menu = m.menus()[ins.a];
                if (ins.b < menu.item_count) frame.hidden[menu.first_item + ins.b] = 1;
                break;
            }
            case bc::Op::Eq: {
                bool equal = stack[stack.size() - 2].view() == stack.back().view();
                stack.pop(), stack.pop();
                rc = equal ? 0 : static_cast<int32_t>(Errc::range);
                break;
            }
            case bc::Op::Match: {
                bool hit = glob_match(stack.back().view(), stack[stack.size() - 2].view());
                stack.pop(), stack.pop();
                rc = hit ? 0 : static_cast<int32_t>(Errc::range);
                break;
            }
            case bc::Op::SetRc:
                rc = static_cast<int32_t>(ins.a);
                break;
            case bc::Op::Not:
                rc = rc == 0 ? static_cast<int32_t>(Errc::range) : 0;
                break;
        }
        pc = next;
    }
}

// A MENU-table menu: titles and labels are expanded at display time, hidden items are left out
// for this showing only, Esc gives ECANCELED (Carte's codegen jumps back to the parent menu).
int32_t Interpreter::show_module_menu(Frame& frame, uint32_t menu_index, uint32_t* target) {
    const bc::Module& m = *frame.module;
    const bc::MenuView& menu = m.menus()[menu_index];
    auto items = m.items_of(menu);
    Vec<MenuRow> rows;
    Vec<String> texts;  // expanded labels, kept alive while the menu shows
    Vec<uint32_t> targets;
    if (!rows.reserve(items.size()) || !texts.reserve(items.size() + 1) || !targets.reserve(items.size()))
        return static_cast<int32_t>(Errc::nomem);
    int initial = -1;
    for (size_t i = 0; i < items.size(); ++i) {
        uint8_t& hidden = frame.hidden[menu.first_item + i];
        if (hidden) {
            hidden = 0;
            continue;
        }
        const bc::MenuItemView& it = items[i];
        String text;
        if (!expand_settings(settings_, m.str(it.label), &text).ok()) text = String::copy(m.str(it.label));
        MenuRow row;
        row.kind = it.kind == bc::ItemKind::Item  ? MenuRowKind::item
                   : it.kind == bc::ItemKind::Gap ? MenuRowKind::gap
                                                  : MenuRowKind::header;
        row.key = static_cast<int>(it.key);
        if (menu.default_item == i + 1) initial = static_cast<int>(rows.size());
        (void)texts.push(carte::move(text));
        row.text = texts.back().view();
        (void)rows.push(row);
        (void)targets.push(it.target);
    }
    String title;
    if (!expand_settings(settings_, m.str(menu.title), &title).ok()) title = String::copy(m.str(menu.title));
    MenuRequest req;
    req.title = title;
    req.rows = rows.span();
    req.initial = initial;
    req.timeout_ms = menu.timeout_ms;
    req.show_hints = true;
    req.esc_is_back = true;
    auto chosen = show_menu(console(), *this, req);
    if (!chosen) return static_cast<int32_t>(chosen.error().code);
    *target = targets[static_cast<size_t>(*chosen)];
    return 0;
}

Status Interpreter::boot(Image* kernel) {
    if (!kernel) return {};
    Vec<BootModule> initrds;
    for (Image* i : images_.list()) {
        if (i == kernel) continue;
        BootModule b;
        b.name = i->name;
        b.uri = i->uri;
        b.data = i->data.span();
        b.cmdline = i->cmdline;
        if (!initrds.push(b)) return Errc::nomem;
    }
    BootPlan plan;
    plan.kind = kernel->kind;
    plan.kernel.name = kernel->name;
    plan.kernel.uri = kernel->uri;
    plan.kernel.data = kernel->data.span();
    plan.kernel.cmdline = kernel->cmdline;
    plan.initrds = initrds.span();
    Status s = platform_.boot(plan);
    if (!s.ok() && s.error().code == Errc::image_returned) return {};  // the program came back: go on
    if (s.ok()) request_halt(0);  // the platform took over (the host reports and ends the run)
    return s;
}

}  // namespace carte
