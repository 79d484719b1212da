// The interpreter: one session of the runtime. It owns the settings store, the image registry
// and the classic menus, runs verified bytecode (Carte menus and translated iPXE scripts) in a
// decode-and-dispatch loop driven by the opcode table, and keeps the script call stack: `chain`
// of a script runs it nested (sharing settings, the callee's `exit N` returned as its status,
// relative URIs resolved against the running script's URI), `chain --replace` replaces it.
//
// Status codes: a command's Status becomes `rc` (0 or an errno value from rt/error.h); `exit N`
// is Errc::exit_status with the value N.
#pragma once
#include "runtime/bytecode/module.h"
#include "runtime/image/registry.h"
#include "runtime/platform/platform.h"
#include "runtime/settings/platform_settings.h"
#include "runtime/settings/settings_store.h"
#include "runtime/ui/dynamic_menu.h"
#include "runtime/ui/key_source.h"
#include "runtime/ui/line_history.h"
#include "runtime/vm/command.h"
#include "runtime/vm/fetcher.h"
#include "runtime/vm/param_lists.h"
#include "runtime/vm/program.h"
#include "runtime/vm/run_stop.h"
#include "runtime/vm/trust_policy.h"

namespace carte {

class TlsContext;

struct InterpreterOptions {
    Span<const CommandSpec> commands;      // empty: the full command table (runtime/commands)
    Fetcher* fetcher = nullptr;            // nullptr: downloads fail with ENOTSUP
    ScriptTranslator translate = nullptr;  // nullptr: the runtime/script translator
    uint64_t instruction_budget = 0;       // stop a run after this many instructions (0: no limit)
    uint32_t ctrl_c_interval = 1u << 16;   // instructions between Ctrl-C checks
    uint32_t max_depth = 32;               // nested `chain` levels
    Str version = "Carte 0.1.0";
    RunStop* stop = nullptr;             // nullptr: only Ctrl-C stops a program (see run_stop.h)
    const TrustPolicy* trust = nullptr;  // nullptr: no signature policy (see trust_policy.h)
    TlsContext* tls = nullptr;           // HTTPS roots for certstat/certstore/certfree; nullptr: none
};

// The int rc the VM keeps for a status: 0, the errno value, or the exit status.
int32_t status_rc(const Status& s);
// The status a script's rc turns into for its caller.
Status rc_status(int32_t rc);

class Interpreter final : public KeySource {
  public:
    Interpreter(Platform& platform, const InterpreterOptions& options);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    // Registers the builtin and smbios settings blocks. Call once before running anything.
    Status init();

    // --- Running ---------------------------------------------------------------------------
    // Runs `data` (script or bytecode) from `uri` as the top-level program. Returns its status;
    // a halt (boot, reboot, poweroff) returns the halt status. The top-level program is trusted
    // (it is part of the ROM, or the operator's own file) unless `fetched`: then it passes the
    // signature gate (program_gate.h) like every chained program.
    Status run(Bytes data, Str uri, bool fetched = false);
    // Runs a verified module directly in the current context (tests, the shell).
    Status run_module(const bc::Module& module);
    // Executes a registered image: scripts and bytecode nested (or replacing the caller when
    // `replace`), kernels and other images booted through the platform.
    Status execute(Image* image, bool replace);
    // Boots the selected image with every other registered image as an initrd.
    Status boot(Image* kernel);
    // Interactive `iPXE>` shell: reads lines and runs them until `exit`.
    Status shell();

    // --- Used by commands --------------------------------------------------------------------
    Platform& platform() { return platform_; }
    const InterpreterOptions& options() const { return options_; }
    Console& console() { return platform_.console(); }
    SettingsStore& settings() { return settings_; }
    BuiltinSettings& builtins() { return builtins_; }
    ImageRegistry& images() { return images_; }
    DynamicMenus& menus() { return menus_; }
    ParamLists& params() { return params_; }
    Span<const CommandSpec> commands() const { return commands_; }
    const CommandSpec* find_command(Str name) const;

    void print(Str text) { platform_.console().write(text); }
    // "<what>: <error message>" plus the error's detail, one line.
    void print_error(Str what, const Error& error);

    // Downloads `uri_or_name` (resolved against cwuri) into a new registered image. When
    // `reuse` is set, an image already registered under that exact name is returned instead
    // (iPXE's imgacquire). `sha256_hex` (may be empty) pins the content: EACCES on mismatch.
    struct Acquire {
        Str name;        // --name
        Str sha256_hex;  // --sha256
        uint32_t timeout_ms = 0;
        bool quiet = false;
        bool autofree = false;
        bool reuse = false;
    };
    Result<Image*> acquire(Str uri_or_name, const Acquire& how);
    // Resolves a (possibly relative) URI against the current working URI.
    Status resolve(Str uri, String* out) const;
    // The request parameters `uri` names with `##params[=name]` (none without); ENOENT for a list
    // that `params` never created.
    Status request_params(Str uri, const ParamList** out) const;
    // Fetcher::prepare, before a download's progress line.
    void prepare_fetch(Str uri) {
        if (options_.fetcher) options_.fetcher->prepare(uri);
    }

    // KeySource, with a one-key pushback for the VM's Ctrl-C peeks.
    int read_key(uint32_t timeout_ms) override;
    uint64_t now_ms() override { return platform_.now_ms(); }

    // Control flow requested by a command, acted on when it returns.
    bool in_script() const { return depth_ > 0; }
    void request_goto(Str label);
    void request_replace(Image* image) { replacement_ = image; }
    // Ends the whole run (boot handed over, reboot, poweroff, top-level exit to firmware).
    void request_halt(int32_t status) { halted_ = true, halt_status_ = status; }
    bool halted() const { return halted_; }
    int32_t halt_status() const { return halt_status_; }
    uint64_t instructions_run() const { return instructions_; }

  private:
    struct Frame;
    Status run_image(Image* image);
    int32_t execute_module(const bc::Module& module);
    int32_t show_module_menu(Frame& frame, uint32_t menu_index, uint32_t* target);
    bool check_interrupt();

    Platform& platform_;
    InterpreterOptions options_;
    Span<const CommandSpec> commands_;
    SettingsStore settings_;
    BuiltinSettings builtins_;
    SmbiosSettings smbios_;
    ImageRegistry images_;
    DynamicMenus menus_;
    ParamLists params_;
    uint32_t depth_ = 0;
    uint64_t instructions_ = 0;
    String pending_goto_;
    LineHistory shell_history_;  // lines typed at the iPXE> prompt, for Up/Down
    bool goto_requested_ = false;
    Image* replacement_ = nullptr;
    bool halted_ = false;
    bool exited_ = false;  // the last module ended through `exit`
    int32_t halt_status_ = 0;
};

}  // namespace carte
