// InterpreterOptions::stop (runtime/vm/run_stop.h): the embedder ends a running program from
// outside. Every nested level unwinds with ECANCELED, no `||` fallback runs, and once the
// request is withdrawn the same interpreter runs programs again.
#include <gtest/gtest.h>

#include <string>

#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::TempDir;

// Asks to stop as soon as the console shows `trigger` (or at once when it is empty).
class StopOnOutput final : public RunStop {
  public:
    StopOnOutput(host::HostPlatform& platform, std::string trigger)
        : platform_(platform), trigger_(trigger) {}
    bool requested() override { return armed && platform_.transcript().find(trigger_) != std::string::npos; }
    bool armed = true;

  private:
    host::HostPlatform& platform_;
    std::string trigger_;
};

struct StopHarness {
    explicit StopHarness(const std::string& trigger)
        : platform(test::scripted_options("")),
          fetcher(platform, platform.host_network(), false),
          stop(platform, trigger),
          in(platform, options()) {
        EXPECT_TRUE(in.init().ok());
    }
    int32_t run(const std::string& script, const std::string& uri = "file:///tmp/carte-test/main.ipxe") {
        return status_rc(in.run(Bytes(reinterpret_cast<const uint8_t*>(script.data()), script.size()),
                                Str(uri.data(), uri.size())));
    }
    InterpreterOptions options() {
        InterpreterOptions o;
        o.fetcher = &fetcher;
        o.instruction_budget = 10u * 1000 * 1000;
        o.stop = &stop;
        return o;
    }
    host::HostPlatform platform;
    host::HostFetcher fetcher;
    StopOnOutput stop;
    Interpreter in;
};

constexpr int32_t kCanceled = static_cast<int32_t>(Errc::canceled);

TEST(VmRunStop, StopsBeforeTheNextInstructionAndSkipsFallbacks) {
    StopHarness h("step-one");
    EXPECT_EQ(h.run("#!ipxe\necho step-one\necho step-two || echo fallback\necho step-three\n"), kCanceled);
    std::string out = h.platform.transcript();
    EXPECT_NE(out.find("step-one"), std::string::npos);
    EXPECT_EQ(out.find("step-two"), std::string::npos);
    EXPECT_EQ(out.find("fallback"), std::string::npos);
    EXPECT_EQ(out.find("step-three"), std::string::npos);
}

TEST(VmRunStop, EndlessLoopStopsAtOnce) {
    StopHarness h("looping");
    EXPECT_EQ(h.run("#!ipxe\necho looping\n:loop\ngoto loop\n"), kCanceled);
    EXPECT_LT(h.in.instructions_run(), 100u);  // not the Ctrl-C poll interval, not the budget
}

TEST(VmRunStop, NestedChainUnwindsEveryLevel) {
    TempDir dir;
    dir.write("inner.ipxe", "#!ipxe\necho inner-runs\necho inner-after\n");
    StopHarness h("inner-runs");
    std::string outer =
        "#!ipxe\nchain " + dir.uri("inner.ipxe") + " || echo outer-fallback\necho outer-after\n";
    EXPECT_EQ(h.run(outer), kCanceled);
    std::string out = h.platform.transcript();
    EXPECT_NE(out.find("inner-runs"), std::string::npos);
    EXPECT_EQ(out.find("inner-after"), std::string::npos);
    EXPECT_EQ(out.find("outer-fallback"), std::string::npos);
    EXPECT_EQ(out.find("outer-after"), std::string::npos);
}

TEST(VmRunStop, WithdrawnRequestLetsProgramsRunAgain) {
    StopHarness h("");
    EXPECT_EQ(h.run("#!ipxe\necho never\n"), kCanceled);
    EXPECT_EQ(h.platform.transcript().find("never"), std::string::npos);
    h.stop.armed = false;
    EXPECT_EQ(h.run("#!ipxe\necho runs-now\n"), 0);
    EXPECT_NE(h.platform.transcript().find("runs-now"), std::string::npos);
}

// The `shell` command inside a program: its line editor sees Ctrl-C-like cancels forever while
// the stop stands, so the shell itself must give up rather than prompt again.
TEST(VmRunStop, ShellGivesUpWhenStopped) {
    StopHarness h("");
    Status s = h.in.shell();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, Errc::canceled);
}

}  // namespace
}  // namespace carte
