// Test harness: an Interpreter on the host platform in scripted mode (keys from a list, virtual
// time, plain console recorded in memory), running iPXE script text or modules.
#pragma once
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "platform/host/host_fetcher.h"
#include "platform/host/host_keys.h"
#include "platform/host/host_platform.h"
#include "runtime/vm/interpreter.h"
#include "tests/support/temp_dir.h"

namespace carte::test {

inline host::HostOptions scripted_options(const std::string& keys) {
    host::HostOptions o;
    o.plain = true;
    o.scripted_keys = true;
    o.out = nullptr;  // keep output in the transcript only
    std::string why;
    EXPECT_TRUE(host::parse_key_sequence(keys, &o.keys, &why)) << why;
    o.idle_limit_ms = 600 * 1000;
    return o;
}

class Harness {
  public:
    explicit Harness(const std::string& keys = "", Span<const CommandSpec> commands = {})
        : platform(scripted_options(keys)),
          fetcher(platform, platform.host_network(), false),
          in(platform, options(commands)) {
        EXPECT_TRUE(in.init().ok());
    }

    // Runs script text as if loaded from `uri`; returns the script's rc.
    int32_t run(const std::string& script, const std::string& uri = "file:///tmp/carte-test/main.ipxe") {
        Status s = in.run(Bytes(reinterpret_cast<const uint8_t*>(script.data()), script.size()),
                          Str(uri.data(), uri.size()));
        return status_rc(s);
    }
    std::string out() const { return platform.transcript(); }
    std::string setting(const char* name) {
        String v;
        if (!in.settings().fetch_text(Str::from_cstr(name), &v).ok()) return "<unset>";
        return std::string(v.c_str());
    }

    host::HostPlatform platform;
    host::HostFetcher fetcher;
    Interpreter in;

  private:
    InterpreterOptions options(Span<const CommandSpec> commands) {
        InterpreterOptions o;
        o.commands = commands;
        o.fetcher = &fetcher;
        o.instruction_budget = 10u * 1000 * 1000;
        return o;
    }
};

}  // namespace carte::test
