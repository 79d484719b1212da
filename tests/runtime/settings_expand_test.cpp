// `${…}` expansion, one test per rule of iPXE's expand_settings() (src/core/settings.c).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "runtime/settings/expand.h"

namespace carte {
namespace {

class Expand : public ::testing::Test {
  protected:
    std::string expand(const char* text, const ExpandLimits& limits = {}) {
        String out;
        Status st = expand_settings(store_, Str::from_cstr(text), &out, limits);
        return st.ok() ? std::string(out.c_str()) : "<error>";
    }
    void set(const char* ref, const char* value) {
        ASSERT_TRUE(store_.store_text(Str::from_cstr(ref), Str::from_cstr(value)).ok()) << ref;
    }
    SettingsStore store_;
};

// "Syntax: ${name}, ${name:type}, ${scope/name}, ${scope/name:type}, ${scope.sub/name}"
TEST_F(Expand, AllReferenceForms) {
    set("name", "plain");
    set("c:int32", "7");
    set("blk/x", "scoped");
    set("net0.dhcp/y", "deep");
    EXPECT_EQ(expand("${name}"), "plain");
    EXPECT_EQ(expand("${c:hex}"), "00:00:00:07");
    EXPECT_EQ(expand("${blk/x}"), "scoped");
    EXPECT_EQ(expand("${blk/x:hexraw}"), "73636f706564");
    EXPECT_EQ(expand("${net0.dhcp/y}"), "deep");
    EXPECT_EQ(expand("a ${name} b ${c} c"), "a plain b 7 c");
}

// "Nesting works: set n a then ${${n}} gives the value of a"; also ${pci/${addr}.0.2}-style.
TEST_F(Expand, NestingWorks) {
    set("n", "a");
    set("a", "value-of-a");
    set("hostname", "h1");
    set("host_h1", "target");
    EXPECT_EQ(expand("${${n}}"), "value-of-a");
    EXPECT_EQ(expand("${host_${hostname}}"), "target");
    EXPECT_EQ(expand("goto host_${hostname}"), "goto host_h1");
    set("brace", "{n}");
    EXPECT_EQ(expand("$${brace}"), "a");  // "$" + "{n}" forms a new reference
}

// "Substituted values are expanded again" (the bytes 24:7b:61:7d are "${a}").
TEST_F(Expand, SubstitutedValuesAreExpandedAgain) {
    set("a", "inner");
    set("ref:hex", "24:7b:61:7d");
    EXPECT_EQ(expand("${ref:string}"), "inner");  // read back as text: "${a}"
}

// "Three cases silently become the empty string": undefined, invalid type, unknown scope.
TEST_F(Expand, FailuresBecomeEmpty) {
    set("a", "x");
    EXPECT_EQ(expand("[${undefined}]"), "[]");
    EXPECT_EQ(expand("[${a:nosuchtype}]"), "[]");
    EXPECT_EQ(expand("[${nosuchscope/a}]"), "[]");
    EXPECT_EQ(store_.find_block(Str("nosuchscope")), nullptr);  // lookups never create scopes
}

// "${a without a closing brace is left literally, as is a lone }. $a is not expanded."
TEST_F(Expand, UnclosedLoneAndBareDollarStayLiteral) {
    set("a", "x");
    EXPECT_EQ(expand("${a"), "${a");
    EXPECT_EQ(expand("a}b"), "a}b");
    EXPECT_EQ(expand("$a"), "$a");
    EXPECT_EQ(expand("${a ${a}"), "${a x");  // the innermost reference closes first
    EXPECT_EQ(expand("} ${a}"), "} x");      // a '}' before any `${` is just text
    EXPECT_EQ(expand("$${a}}"), "$x}");
    EXPECT_EQ(expand(""), "");
}

// "A lookup with no scope searches the root block first": user values override DHCP ones.
TEST_F(Expand, RootFirst) {
    set("net0.dhcp/hostname", "dhcp");
    EXPECT_EQ(expand("${hostname}"), "dhcp");
    set("hostname", "user");
    EXPECT_EQ(expand("${hostname}"), "user");
    EXPECT_EQ(expand("${net0/hostname}"), "dhcp");
}

// "The type given in ${x:type} changes only the formatting."
TEST_F(Expand, TypeChangesOnlyFormatting) {
    set("net0/mac:hex", "52:54:00:12:34:56");
    EXPECT_EQ(expand("${net0/mac:hexhyp}"), "52-54-00-12-34-56");
    EXPECT_EQ(expand("${net0/mac}"), "52:54:00:12:34:56");
    EXPECT_EQ(expand("?mac=${net0/mac:hexhyp}&x"), "?mac=52-54-00-12-34-56&x");
}

// "A self-referencing value could in principle loop forever": we stop with an error instead.
TEST_F(Expand, SelfReferenceIsBounded) {
    set("loop:hex", "24:7b:6c:6f:6f:70:3a:73:74:72:69:6e:67:7d");  // "${loop:string}"
    String out;
    ASSERT_TRUE(out.append("kept"));
    Status st = expand_settings(store_, Str("x${loop:string}y"), &out);
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, Errc::range);
    EXPECT_STREQ(out.c_str(), "kept");  // nothing appended on failure
    // "${grow:string}" twice: doubles on every round.
    set("grow:hex", "24:7b:67:72:6f:77:3a:73:74:72:69:6e:67:7d:24:7b:67:72:6f:77:3a:73:74:72:69:6e:67:7d");
    EXPECT_EQ(expand("${grow:string}"), "<error>");
    ExpandLimits small;
    small.max_substitutions = 2;
    set("a", "1");
    EXPECT_EQ(expand("${a}${a}", small), "11");
    EXPECT_EQ(expand("${a}${a}${a}", small), "<error>");
}

// The literal algorithm of expand_settings() (rescan from the start after every substitution), as a
// model for the incremental implementation.
std::string model_expand(const SettingsStore& store, std::string s) {
    for (int n = 0; n < 1000; ++n) {
        size_t open = std::string::npos, close = std::string::npos;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s.compare(i, 2, "${") == 0) open = i;
            if (s[i] == '}' && open != std::string::npos) {
                close = i;
                break;
            }
        }
        if (close == std::string::npos) return s;
        String value;
        (void)store.fetch_text(Str(s.data() + open + 2, close - open - 2), &value);
        s = s.substr(0, open) + value.c_str() + s.substr(close + 1);
    }
    return "<error>";
}

TEST_F(Expand, MatchesTheRescanModelOnRandomText) {
    // Stored without expansion (the command layer expands, the store does not).
    set("a", "${b}");
    set("b", "x}");
    set("c", "{a}");  // pairs with a '$' just before the reference
    set("d", "$");
    set("s", "${a}${d}");
    std::mt19937 rng(1234);
    const char alphabet[] = {'$', '{', '}', 'a', 'b', 'c', 'd', ':', 's'};
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        size_t len = rng() % 14;
        for (size_t i = 0; i < len; ++i) text += alphabet[rng() % sizeof alphabet];
        SCOPED_TRACE(text);
        std::string want = model_expand(store_, text);
        std::string got = expand(text.c_str());
        ASSERT_EQ(got, want);
    }
}

TEST_F(Expand, NoReferenceIsCopied) {
    EXPECT_EQ(expand("echo plain text"), "echo plain text");
}

}  // namespace
}  // namespace carte
