// The Carte DSL front-end: each construct of the language and the IR it becomes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/compiler/dsl_test_util.h"

namespace carte::dsl {
namespace {

using test::compile;
using test::in_menu;

// By value: callers write `const auto& cat = ok(compile(…))`, and the Compiled is a temporary.
ir::Catalogue ok(const test::Compiled& c) {
    EXPECT_TRUE(c.catalogue.has_value()) << c.diagnostics;
    EXPECT_EQ(c.diagnostics, "");
    return c.catalogue ? *c.catalogue : ir::Catalogue{};
}

TEST(DslParse, MenuWithTitleTimeoutDefaultHeadersGapsAndHotkeys) {
    auto c = compile(in_menu(R"(
  timeout 10s
  default local
  header "Tools"
  item shell "iPXE shell" key s -> shell
  gap
  item local "Boot from disk" key 1 -> exit
  item q "Quit" key "?" -> poweroff)"));
    const auto& cat = ok(c);
    ASSERT_EQ(cat.menus.size(), 1u);
    const ir::Menu& m = cat.menus[0];
    EXPECT_EQ(m.id.value, "main");
    EXPECT_EQ(m.title.value, "Main");
    EXPECT_EQ(m.timeout_ms, 10000u);
    ASSERT_TRUE(m.default_item);
    EXPECT_EQ(m.default_item->value, "local");
    ASSERT_EQ(m.items.size(), 5u);
    EXPECT_EQ(m.items[0].kind, ir::Item::Kind::Header);
    EXPECT_EQ(m.items[0].label.value, "Tools");
    EXPECT_EQ(m.items[1].id.value, "shell");
    EXPECT_EQ(m.items[1].hotkey->value, "s");
    EXPECT_TRUE(std::holds_alternative<ir::Shell>(m.items[1].steps.at(0).action));
    EXPECT_EQ(m.items[2].kind, ir::Item::Kind::Gap);
    EXPECT_EQ(m.items[3].hotkey->value, "1");
    EXPECT_TRUE(std::holds_alternative<ir::Exit>(m.items[3].steps.at(0).action));
    EXPECT_EQ(m.items[4].hotkey->value, "?");
    EXPECT_TRUE(std::holds_alternative<ir::Poweroff>(m.items[4].steps.at(0).action));
}

TEST(DslParse, MillisecondAndMinuteTimeouts) {
    EXPECT_EQ(ok(compile(in_menu("timeout 500ms\nitem a \"A\" -> shell"))).menus.at(0).timeout_ms, 500u);
    EXPECT_EQ(ok(compile(in_menu("timeout 2m\nitem a \"A\" -> shell"))).menus.at(0).timeout_ms, 120000u);
}

TEST(DslParse, KeywordsWorkAsIds) {
    const auto& cat = ok(compile(in_menu("item exit \"Exit\" -> exit 1\nitem menu \"M\" -> reboot")));
    EXPECT_EQ(cat.menus[0].items[0].id.value, "exit");
    EXPECT_EQ(std::get<ir::Exit>(cat.menus[0].items[0].steps[0].action).status, 1u);
    EXPECT_EQ(cat.menus[0].items[1].id.value, "menu");
}

TEST(DslParse, LinuxWithInitrdsNamesArgsAndPins) {
    std::string hash(64, 'a');
    auto c = compile(in_menu(R"(item win "Windows PE" -> linux {
    kernel "http://x/wimboot" sha256 ")" +
                             hash + R"("
    initrd "http://x/BCD" name "BCD"
    initrd "http://x/boot.sdi" name "boot.sdi" sha256 ")" +
                             hash + R"("
    args "quiet"
    args "console=ttyS0"
  })"));
    const auto& cat = ok(c);
    const auto& l = std::get<ir::Linux>(cat.menus.at(0).items.at(0).steps.at(0).action);
    EXPECT_EQ(l.kernel.url.value, "http://x/wimboot");
    EXPECT_EQ(l.kernel.sha256->value, hash);
    ASSERT_EQ(l.initrds.size(), 2u);
    EXPECT_EQ(l.initrds[0].name->value, "BCD");
    EXPECT_FALSE(l.initrds[0].sha256);
    EXPECT_EQ(l.initrds[1].name->value, "boot.sdi");
    EXPECT_EQ(l.cmdline->value, "quiet console=ttyS0");
    EXPECT_EQ(l.kernel.url.span.line, 4u);
    EXPECT_EQ(l.kernel.url.span.col, 12u);
}

TEST(DslParse, MultibootEfiChain) {
    const auto& cat = ok(compile(in_menu(R"(item xen "Xen" -> multiboot {
    kernel "http://x/xen.gz" args "dom0_mem=1G"
    module "http://x/vmlinuz" args "root=/dev/sda1"
    module "http://x/initrd.img"
  }
  item efi "EFI shell" -> efi "http://x/shell.efi" args "-nostartup"
  item next "Next" -> chain "http://x/next.ipxe")")));
    const auto& items = cat.menus.at(0).items;
    const auto& mb = std::get<ir::Multiboot>(items.at(0).steps.at(0).action);
    EXPECT_EQ(mb.kernel.args.at(0).value, "dom0_mem=1G");
    ASSERT_EQ(mb.modules.size(), 2u);
    EXPECT_EQ(mb.modules[0].args.at(0).value, "root=/dev/sda1");
    const auto& efi = std::get<ir::Efi>(items.at(1).steps.at(0).action);
    EXPECT_EQ(efi.image.url.value, "http://x/shell.efi");
    EXPECT_EQ(efi.image.args.at(0).value, "-nostartup");
    EXPECT_EQ(std::get<ir::Chain>(items.at(2).steps.at(0).action).fetch.url.value, "http://x/next.ipxe");
}

TEST(DslParse, StepsBlockRunsInOrder) {
    const auto& cat = ok(compile(in_menu(R"(item custom "Custom URL" -> {
    ask custom_url "Script URL" default "http://boot/menu.ipxe"
    set tries = "1"
    echo "Chaining ${custom_url}"
    chain "${custom_url}"
  })")));
    const auto& steps = cat.menus.at(0).items.at(0).steps;
    ASSERT_EQ(steps.size(), 4u);
    const auto& ask = std::get<ir::Ask>(steps[0].action);
    EXPECT_EQ(ask.setting.value, "custom_url");
    EXPECT_EQ(ask.prompt->value, "Script URL");
    EXPECT_EQ(ask.default_value->value, "http://boot/menu.ipxe");
    EXPECT_EQ(std::get<ir::Set>(steps[1].action).value.value, "1");
    EXPECT_EQ(std::get<ir::Echo>(steps[2].action).text.value, "Chaining ${custom_url}");
    EXPECT_EQ(std::get<ir::Chain>(steps[3].action).fetch.url.value, "${custom_url}");
}

TEST(DslParse, RuntimeSettingsStayVerbatim) {
    const auto& cat = ok(compile(in_menu(
        R"(item a "Host ${net0/mac:hexhyp} on ${platform}/${buildarch}" -> chain "http://x/${product}/${smbios/serial}")")));
    const auto& it = cat.menus.at(0).items.at(0);
    EXPECT_EQ(it.label.value, "Host ${net0/mac:hexhyp} on ${platform}/${buildarch}");
    EXPECT_EQ(std::get<ir::Chain>(it.steps[0].action).fetch.url.value,
              "http://x/${product}/${smbios/serial}");
}

TEST(DslParse, WhenConditions) {
    const auto& cat = ok(compile(in_menu(R"(
  item a "A" when platform == "efi" -> shell
  item b "B" when buildarch != "i386" and not isset skip -> shell
  item c "C" when net0/mac ~ "52:54:00:*" or product !~ "*VMware*" or platform == "pcbios" -> shell
  item d "D" when (platform == "efi" or platform == "pcbios") and buildarch == "x86_64" -> shell)")));
    const auto& items = cat.menus.at(0).items;
    const ir::Condition& a = *items[0].when;
    EXPECT_EQ(a.kind, ir::Condition::Kind::Eq);
    EXPECT_EQ(a.left.value, "platform");
    EXPECT_EQ(a.right.value, "efi");
    const ir::Condition& b = *items[1].when;
    ASSERT_EQ(b.kind, ir::Condition::Kind::And);
    EXPECT_EQ(b.operands.at(0).kind, ir::Condition::Kind::Ne);
    EXPECT_EQ(b.operands.at(1).kind, ir::Condition::Kind::Not);
    EXPECT_EQ(b.operands.at(1).operands.at(0).kind, ir::Condition::Kind::IsSet);
    EXPECT_EQ(b.operands.at(1).operands.at(0).left.value, "skip");
    const ir::Condition& c = *items[2].when;
    ASSERT_EQ(c.kind, ir::Condition::Kind::Or);
    ASSERT_EQ(c.operands.size(), 3u);  // a or b or c is one Or of three
    EXPECT_EQ(c.operands[0].kind, ir::Condition::Kind::Match);
    EXPECT_EQ(c.operands[0].left.value, "net0/mac");
    EXPECT_EQ(c.operands[0].right.value, "52:54:00:*");
    EXPECT_EQ(c.operands[1].kind, ir::Condition::Kind::NotMatch);
    const ir::Condition& d = *items[3].when;
    ASSERT_EQ(d.kind, ir::Condition::Kind::And);
    EXPECT_EQ(d.operands.at(0).kind, ir::Condition::Kind::Or);
}

TEST(DslParse, SettingDefaultsSerialAndEntry) {
    const auto& cat = ok(compile(R"(carte 1
serial 42
setting debian_mirror = "http://mirrors.kernel.org/debian"
setting live_endpoint = "https://github.com/netbootxyz"
entry second
menu first "First" { item a "A" -> shell }
menu second "Second" { item b "B" -> menu first }
)"));
    EXPECT_EQ(cat.serial, 42u);
    ASSERT_EQ(cat.defaults.size(), 2u);
    EXPECT_EQ(cat.defaults[0].name.value, "debian_mirror");
    EXPECT_EQ(cat.defaults[0].value.value, "http://mirrors.kernel.org/debian");
    EXPECT_EQ(cat.entry.value, "second");
    EXPECT_EQ(std::get<ir::Submenu>(cat.menus.at(1).items.at(0).steps.at(0).action).menu.value, "first");
}

TEST(DslParse, InlineSubmenuFollowsItsParent) {
    const auto& cat = ok(compile(R"(carte 1
menu main "Main" {
  item tools "Tools" key t -> menu {
    item shell "Shell" -> shell
    item deeper "Deeper" -> menu {
      title "Deeper still"
      item r "Reboot" -> reboot
    }
  }
  item x "X" -> exit
}
menu other "Other" { item y "Y" -> shell }
)"));
    ASSERT_EQ(cat.menus.size(), 4u);
    EXPECT_EQ(cat.menus[0].id.value, "main");
    EXPECT_EQ(cat.menus[1].id.value, "tools");
    EXPECT_EQ(cat.menus[1].title.value, "Tools");
    EXPECT_EQ(cat.menus[2].id.value, "deeper");
    EXPECT_EQ(cat.menus[2].title.value, "Deeper still");
    EXPECT_EQ(cat.menus[3].id.value, "other");
    EXPECT_EQ(std::get<ir::Submenu>(cat.menus[0].items[0].steps[0].action).menu.value, "tools");
    EXPECT_EQ(cat.menus[0].items.size(), 2u);
}

TEST(DslParse, ConstsInterpolateAndIfsSelect) {
    const auto& cat = ok(compile(R"C(carte 1
const site = "boot.example.org"
const arches = ["amd64", "arm64"]
const fancy = true
menu main "Menus from {site}" {
  for a in arches {
    if a == "amd64" and fancy {
      item "inst-{a}" "Install ({a}, the common one)" -> chain "http://{site}/{a}/menu.ipxe"
    } else if a in ["arm64"] {
      item "inst-{a}" "Install ({a})" -> chain "http://{site}/{a}/menu.ipxe"
    } else {
      item never "Never" -> shell
    }
  }
  item esc "Literal \{braces\} and \"quotes\"" -> shell
}
)C"));
    const auto& m = cat.menus.at(0);
    EXPECT_EQ(m.title.value, "Menus from boot.example.org");
    ASSERT_EQ(m.items.size(), 3u);
    EXPECT_EQ(m.items[0].id.value, "inst-amd64");
    EXPECT_EQ(m.items[0].label.value, "Install (amd64, the common one)");
    EXPECT_EQ(m.items[1].id.value, "inst-arm64");
    EXPECT_EQ(std::get<ir::Chain>(m.items[1].steps[0].action).fetch.url.value,
              "http://boot.example.org/arm64/menu.ipxe");
    EXPECT_EQ(m.items[2].label.value, "Literal {braces} and \"quotes\"");
}

TEST(DslParse, VersionComparisonIsNumeric) {
    const auto& cat = ok(compile(R"(carte 1
const versions = ["4.9", "4.20", "10"]
menu main "M" {
  for v in versions {
    if v >= "4.10" { item "v{v}" "{v}" -> shell }
  }
})"));
    ASSERT_EQ(cat.menus.at(0).items.size(), 2u);
    EXPECT_EQ(cat.menus[0].items[0].id.value, "v4.20");
    EXPECT_EQ(cat.menus[0].items[1].id.value, "v10");
}

TEST(DslParse, IpxeEscapeHatchIsDedentedLines) {
    const auto& cat = ok(compile(in_menu(R"(item legacy "Legacy" -> ipxe """
    dhcp
      set x 1
    chain http://x/${x}.ipxe
    """)")));
    const auto& lines = std::get<ir::Ipxe>(cat.menus.at(0).items.at(0).steps.at(0).action).lines;
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].value, "dhcp");
    EXPECT_EQ(lines[1].value, "set x 1");
    EXPECT_EQ(lines[2].value, "chain http://x/${x}.ipxe");
    EXPECT_EQ(lines[0].span.line, 4u);
    EXPECT_EQ(lines[2].span.line, 6u);
}

TEST(DslParse, SemicolonsAndCommentsSeparate) {
    const auto& cat =
        ok(compile("carte 1 # header\nmenu m \"M\" { gap; gap # two gaps\n item a \"A\" -> shell }\n"));
    EXPECT_EQ(cat.menus.at(0).items.size(), 3u);
}

TEST(DslParse, SpansPointAtTheSource) {
    const auto& cat = ok(compile(in_menu("  item debian \"Debian\" -> shell")));
    const ir::Item& it = cat.menus.at(0).items.at(0);
    EXPECT_EQ(it.span.file, "test.carte");
    EXPECT_EQ(it.span.line, 3u);
    EXPECT_EQ(it.span.col, 3u);
    EXPECT_EQ(it.id.span.col, 8u);
    EXPECT_EQ(it.id.span.end_col, 13u);
    EXPECT_EQ(it.label.span.col, 15u);
    EXPECT_EQ(it.label.span.end_col, 22u);
    EXPECT_EQ(cat.menus[0].span.line, 2u);
}

// Imports and includes read files: build a small tree in a temporary directory.
class DslFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("carte_dsl_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return (dir_ / name).string();
    }
    test::Compiled compile_file(const std::string& path) {
        diag::DiagnosticSink sink;
        test::Compiled c;
        c.catalogue = parse_carte_file(path, sink);
        if (!sink.diagnostics().empty()) c.diagnostics = diag::render_text(sink);
        return c;
    }
    std::filesystem::path dir_;
};

TEST_F(DslFiles, ImportYamlKeepsVersionsAsStrings) {
    write("releases.yaml", R"(
rhcos:
  - {code: "4.20", version: 4.20, enabled: true}
  - {code: "4.9", version: 4.9, enabled: false}
  - {code: "10", version: 10, enabled: true}
)");
    auto c = compile_file(write("m.carte", R"(carte 1
import releases from "releases.yaml"
menu main "RHCOS" {
  for r in releases.rhcos {
    if r.enabled { item "rhcos-{r.code}" "RHCOS {r.version}" -> shell }
  }
})"));
    const auto& cat = ok(c);
    ASSERT_EQ(cat.menus.at(0).items.size(), 2u);
    EXPECT_EQ(cat.menus[0].items[0].id.value, "rhcos-4.20");
    EXPECT_EQ(cat.menus[0].items[0].label.value, "RHCOS 4.20");
    EXPECT_EQ(cat.menus[0].items[1].label.value, "RHCOS 10");
}

TEST_F(DslFiles, ImportJsonAndLoopOverMaps) {
    write("tools.json", R"({"memtest": {"name": "Memtest86+", "path": "memtest.efi"},
                            "gparted": {"name": "GParted", "path": "gparted.efi"}})");
    auto c = compile_file(write("m.carte", R"(carte 1
import tools from "tools.json"
menu main "Tools" {
  for key, tool in tools {
    item "{key}" "{tool.name}" -> efi "http://x/{tool.path}"
  }
  for i, t in ["a", "b"] { item "n{i}" "{t}" -> shell }
})"));
    const auto& cat = ok(c);
    const auto& items = cat.menus.at(0).items;
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[0].id.value, "memtest");  // maps keep the data file's order
    EXPECT_EQ(items[0].label.value, "Memtest86+");
    EXPECT_EQ(items[1].label.value, "GParted");
    EXPECT_EQ(std::get<ir::Efi>(items[1].steps[0].action).image.url.value, "http://x/gparted.efi");
    EXPECT_EQ(items[2].id.value, "n0");
    EXPECT_EQ(items[3].label.value, "b");
}

TEST_F(DslFiles, IncludeSplicesStatementsWhereWritten) {
    std::filesystem::create_directories(dir_ / "parts");
    write("parts/common.carte",
          "# shared items\nitem shell \"Shell\" -> shell\nitem local \"Local disk\" -> exit\n");
    write("parts/menus.carte", "carte 1\nmenu tools \"Tools\" {\n  include \"common.carte\"\n}\n");
    auto c = compile_file(write("m.carte", R"(carte 1
const site = "x"
menu main "Main" {
  item tools "Tools" -> menu tools
  include "parts/common.carte"
}
include "parts/menus.carte"
)"));
    const auto& cat = ok(c);
    ASSERT_EQ(cat.menus.size(), 2u);
    EXPECT_EQ(cat.menus[0].items.size(), 3u);
    EXPECT_EQ(cat.menus[0].items[1].id.value, "shell");
    EXPECT_NE(cat.menus[0].items[1].span.file.find("common.carte"), std::string::npos);
    EXPECT_EQ(cat.menus[1].id.value, "tools");
    EXPECT_EQ(cat.menus[1].items.size(), 2u);
}

}  // namespace
}  // namespace carte::dsl
