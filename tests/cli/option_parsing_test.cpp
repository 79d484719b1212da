// Every `carte` subcommand parses its options the same way (cli/cli_option_parser.h):
// `--opt=value` and `--opt value` mean the same, and usage errors (unknown option, missing
// value, a second input) exit 2 with "carte <cmd>: <message>" + "try 'carte <cmd> --help'".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "tests/support/cli_harness.h"
#include "tests/support/temp_dir.h"

namespace carte::cli {
namespace {

using test::CmdResult;
using test::read_text;
using test::write_text;

CmdResult run(int (*cmd)(int, char**), const char* name, std::vector<std::string> args) {
    return test::run_command(cmd, name, std::move(args));
}

std::string usage_message(const std::string& cmd, const std::string& message) {
    return "carte " + cmd + ": " + message + "\ntry 'carte " + cmd + " --help'\n";
}

class OptionParsing : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(tmp.ok());
        write_text(
            p("good.yaml"),
            "menus:\n  - id: main\n    title: T\n    items:\n      - {id: s, label: S, shell: true}\n");
        write_text(p("bad.yaml"),
                   "menus:\n  - id: main\n    timeout: 5\n    items:\n      - {id: s, submenu: nope}\n");
    }
    std::string p(const std::string& name) const { return tmp.file(name); }
    test::TempDir tmp{"carte-option-parsing"};
    const std::string& dir = tmp.path;
};

// The parser itself, on a made-up command.
struct Demo {
    std::string out, input;
    std::vector<std::string> trust;
    bool force = false;
    OptionParser parser{"demo", "usage: carte demo\n"};

    Demo() {
        parser.value("-o,--output", &out, "a file name");
        parser.values("--trust", &trust, "a PEM file");
        parser.flag("--force", &force);
        parser.input(&input, "more than one input file");
    }
    std::optional<int> parse(std::vector<std::string> args) {
        args.insert(args.begin(), "demo");
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        return parser.parse(static_cast<int>(argv.size()), argv.data());
    }
};

TEST(OptionParser, EverySpellingOfAValueMeansTheSame) {
    for (std::vector<std::string> args :
         std::vector<std::vector<std::string>>{{"-o", "x.cbm", "in"},
                                               {"-o=x.cbm", "in"},
                                               {"-ox.cbm", "in"},
                                               {"--output", "x.cbm", "in"},
                                               {"--output=x.cbm", "in"},
                                               {"in", "--output", "x.cbm"},
                                               {"-o", "old", "in", "-o", "x.cbm"}}) {
        Demo d;
        EXPECT_EQ(d.parse(args), std::nullopt) << args[0];
        EXPECT_EQ(d.out, "x.cbm") << args[0];
        EXPECT_EQ(d.input, "in") << args[0];
    }
}

TEST(OptionParser, RepeatableOptionsTakeOneValueEach) {
    Demo d;
    EXPECT_EQ(d.parse({"--trust", "a.pem", "menu.cbm", "--trust=b.pem,not-after=2030-01-01", "--force"}),
              std::nullopt);
    EXPECT_EQ(d.trust, (std::vector<std::string>{"a.pem", "b.pem,not-after=2030-01-01"}));
    EXPECT_EQ(d.input, "menu.cbm");
    EXPECT_TRUE(d.force);
}

TEST(OptionParser, EmptyValuesAndDashesAreValues) {
    Demo d;
    d.out = "default";
    EXPECT_EQ(d.parse({"--output=", "in"}), std::nullopt);  // "in" is not taken as the value
    EXPECT_EQ(d.out, "");
    EXPECT_EQ(d.input, "in");
    EXPECT_TRUE(d.parser.given("--output"));
    EXPECT_FALSE(d.parser.given("--trust"));

    Demo stdin_to_stdout;
    EXPECT_EQ(stdin_to_stdout.parse({"-", "-o", "-"}), std::nullopt);
    EXPECT_EQ(stdin_to_stdout.input, "-");
    EXPECT_EQ(stdin_to_stdout.out, "-");

    Demo after_dashes;
    EXPECT_EQ(after_dashes.parse({"--", "-odd-name"}), std::nullopt);
    EXPECT_EQ(after_dashes.input, "-odd-name");
    EXPECT_EQ(after_dashes.out, "");
}

TEST(OptionParser, UsageErrorsAndHelp) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{{{"in", "--frobnicate"}, "unknown option '--frobnicate'"},
                                           {{"--frob=1", "in"}, "unknown option '--frob=1'"},
                                           {{"in", "-x"}, "unknown option '-x'"},
                                           {{"in", "-o"}, "-o needs a file name"},
                                           {{"in", "--output"}, "--output needs a file name"},
                                           {{"in", "--trust"}, "--trust needs a PEM file"},
                                           {{"in", "--force=yes"}, "--force takes no value"},
                                           {{"in", "other"}, "more than one input file"},
                                           {{"in", "--", "-other"}, "more than one input file"}}) {
        Demo d;
        testing::internal::CaptureStderr();
        EXPECT_EQ(d.parse(c.args), 2) << c.message;
        EXPECT_EQ(testing::internal::GetCapturedStderr(), usage_message("demo", c.message));
    }
    // Help wins over what else is on the line, even a missing value after it.
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"--help"}, {"-h", "in", "--frobnicate"}, {"in", "--help", "-o"}}) {
        Demo d;
        testing::internal::CaptureStdout();
        EXPECT_EQ(d.parse(args), 0);
        EXPECT_EQ(testing::internal::GetCapturedStdout(), "usage: carte demo\n");
    }
}

// The commands, as a user runs them.

TEST_F(OptionParsing, CompileAndCheckTakeBothSpellings) {
    for (std::string emit : {"--emit=json", "--emit json"}) {
        std::string out = p("out.json");
        std::vector<std::string> args{p("good.yaml"), "-o", out};
        if (emit == "--emit json") {
            args.push_back("--emit");
            args.push_back("json");
        } else {
            args.push_back(emit);
        }
        CmdResult r = run(cmd_compile, "compile", args);
        ASSERT_EQ(r.status, 0) << emit << r.err;
        EXPECT_EQ(read_text(out).substr(0, 1), "{") << emit;
        unlink(out.c_str());
    }
    CmdResult joined = run(cmd_check, "check", {"--diagnostics-format=json", p("bad.yaml")});
    CmdResult split = run(cmd_check, "check", {"--diagnostics-format", "json", p("bad.yaml")});
    EXPECT_EQ(joined.status, 1);
    EXPECT_EQ(split.status, 1);
    EXPECT_NE(joined.out.find("\"diagnostics\""), std::string::npos) << joined.out;
    EXPECT_EQ(joined.out, split.out);
}

TEST_F(OptionParsing, AsmTakesTheTwoWordDiagnosticsFormat) {
    write_text(p("broken.lst"), "this is not a listing\n");
    CmdResult split =
        run(cmd_asm, "asm", {p("broken.lst"), "-o", p("x.cbm"), "--diagnostics-format", "json"});
    CmdResult joined = run(cmd_asm, "asm", {p("broken.lst"), "-o", p("x.cbm"), "--diagnostics-format=json"});
    EXPECT_EQ(split.status, 1) << split.err;
    EXPECT_EQ(split.err, "");  // JSON goes to stdout, not text to stderr
    EXPECT_NE(split.out.find("\"diagnostics\""), std::string::npos) << split.out;
    EXPECT_EQ(split.out, joined.out);
    EXPECT_EQ(run(cmd_asm, "asm", {p("broken.lst"), "--diagnostics-format", "yaml"}).status, 2);
}

TEST_F(OptionParsing, KeygenSignAndVerifyTakeBothSpellings) {
    ASSERT_EQ(run(cmd_keygen, "keygen", {"-o", p("a.pem"), "--pub=" + p("a.pub")}).status, 0);
    ASSERT_EQ(run(cmd_keygen, "keygen", {"-o=" + p("b.pem"), "--pub", p("b.pub")}).status, 0);
    EXPECT_NE(read_text(p("a.pub")).find("BEGIN PUBLIC KEY"), std::string::npos);
    EXPECT_NE(read_text(p("b.pub")).find("BEGIN PUBLIC KEY"), std::string::npos);

    write_text(p("boot.ipxe"), "#!ipxe\necho hi\n");
    ASSERT_EQ(run(cmd_sign, "sign", {p("boot.ipxe"), "--key=" + p("a.pem"), "--detached", p("a.sig")}).status,
              0);
    ASSERT_EQ(run(cmd_sign, "sign", {p("boot.ipxe"), "--key", p("b.pem"), "--detached=" + p("b.sig")}).status,
              0);
    CmdResult a = run(cmd_verify, "verify", {p("boot.ipxe"), "--trust=" + p("a.pub"), "--sig", p("a.sig")});
    CmdResult b = run(cmd_verify, "verify", {p("boot.ipxe"), "--trust", p("b.pub"), "--sig=" + p("b.sig")});
    EXPECT_EQ(a.status, 0) << a.all();
    EXPECT_EQ(b.status, 0) << b.all();
    CmdResult crossed =
        run(cmd_verify, "verify", {p("boot.ipxe"), "--trust=" + p("a.pub"), "--sig=" + p("b.sig")});
    EXPECT_EQ(crossed.status, 1) << crossed.all();
}

TEST_F(OptionParsing, RunTakesBothSpellings) {
    write_text(p("hello.ipxe"), "#!ipxe\necho greeting=${greeting}\n");
    CmdResult joined = run(cmd_run, "run", {p("hello.ipxe"), "--set=greeting=hi", "--keys="});
    CmdResult split = run(cmd_run, "run", {p("hello.ipxe"), "--set", "greeting=hi", "--keys", ""});
    EXPECT_EQ(joined.status, 0) << joined.all();
    EXPECT_NE(joined.out.find("greeting=hi"), std::string::npos) << joined.out;
    EXPECT_EQ(joined.out, split.out);
}

TEST_F(OptionParsing, UnknownOptionIsAUsageError) {
    struct Case {
        int (*cmd)(int, char**);
        const char* name;
        std::vector<std::string> args;
    };
    for (const Case& c : std::vector<Case>{{cmd_check, "check", {p("good.yaml"), "--frobnicate"}},
                                           {cmd_compile, "compile", {"--frobnicate", p("good.yaml")}},
                                           {cmd_fmt, "fmt", {"--frobnicate"}},
                                           {cmd_build, "build", {p("good.yaml"), "--frobnicate"}},
                                           {cmd_keygen, "keygen", {"-o", p("k.pem"), "--frobnicate"}},
                                           {cmd_sign, "sign", {p("good.yaml"), "--frobnicate"}},
                                           {cmd_verify, "verify", {p("good.yaml"), "--frobnicate"}},
                                           {cmd_pin, "pin", {p("good.yaml"), "--frobnicate"}},
                                           {cmd_run, "run", {p("good.yaml"), "--frobnicate"}}}) {
        CmdResult r = run(c.cmd, c.name, c.args);
        EXPECT_EQ(r.status, 2) << c.name;
        EXPECT_EQ(r.err, usage_message(c.name, "unknown option '--frobnicate'")) << c.name;
        EXPECT_EQ(r.out, "") << c.name;
    }
}

TEST_F(OptionParsing, MissingValueIsAUsageError) {
    struct Case {
        int (*cmd)(int, char**);
        const char* name;
        std::vector<std::string> args;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{
             {cmd_compile, "compile", {p("good.yaml"), "--emit"}, "--emit needs bytecode, ipxe or json"},
             {cmd_disasm, "disasm", {p("x.cbm"), "-o"}, "-o needs a file name"},
             {cmd_asm,
              "asm",
              {p("x.lst"), "--diagnostics-format"},
              "--diagnostics-format needs text or json"},
             {cmd_build, "build", {p("good.yaml"), "--shell-wait"}, "--shell-wait needs milliseconds"},
             {cmd_sign, "sign", {p("good.yaml"), "--key"}, "--key needs a PEM file"},
             {cmd_verify, "verify", {p("good.yaml"), "--trust"}, "--trust needs a PEM file"},
             {cmd_pin, "pin", {p("good.yaml"), "--mirror"}, "--mirror needs a directory"},
             {cmd_run, "run", {p("good.yaml"), "--keys"}, "--keys needs a key sequence"}}) {
        CmdResult r = run(c.cmd, c.name, c.args);
        EXPECT_EQ(r.status, 2) << c.name;
        EXPECT_EQ(r.err, usage_message(c.name, c.message)) << c.name;
    }
}

TEST_F(OptionParsing, SecondInputIsAUsageError) {
    struct Case {
        int (*cmd)(int, char**);
        const char* name;
        std::vector<std::string> args;
        std::string message;
    };
    std::string a = p("good.yaml"), b = p("bad.yaml");
    for (const Case& c : std::vector<Case>{
             {cmd_compile, "compile", {a, b}, "more than one input file"},
             {cmd_disasm, "disasm", {a, "-o", p("x.lst"), b}, "more than one input file"},
             {cmd_asm, "asm", {a, b, "-o", p("x.cbm")}, "more than one input file"},
             {cmd_build, "build", {a, "-o", p("x.lkrn"), b}, "more than one input given"},
             {cmd_sign, "sign", {a, b, "--print-digest"}, "more than one file to sign"},
             {cmd_pin, "pin", {a, b, "--mirror", dir}, "more than one menu"},
             {cmd_run, "run", {a, b}, "more than one input given"},
             {cmd_keygen, "keygen", {"-o", p("k.pem"), a}, "unexpected argument '" + a + "'"}}) {
        CmdResult r = run(c.cmd, c.name, c.args);
        EXPECT_EQ(r.status, 2) << c.name;
        EXPECT_EQ(r.err, usage_message(c.name, c.message)) << c.name;
    }
    EXPECT_EQ(read_text(p("k.pem")), "");  // nothing was written
}

}  // namespace
}  // namespace carte::cli
