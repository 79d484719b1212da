// Every URI vector from iPXE's uri_test.c (ipxe_uri_vectors.json): parse/format, ports,
// resolve, resolve_path, pxe_uri, the churi sequence and ##params.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/uri/uri.h"
#include "runtime/uri/uri_resolve.h"

namespace carte {
namespace {

Str view(const std::string& s) {
    return Str(s.data(), s.size());
}
std::string str(Str s) {
    return std::string(s.data(), s.size());
}

std::string format(const Uri& u) {
    String out;
    EXPECT_TRUE(u.format(&out).ok());
    return out.c_str();
}

class UriVectors : public ::testing::Test {
  protected:
    void SetUp() override {
        std::filesystem::path file =
            std::filesystem::path(CARTE_SHARED_DIR) / "conformance/ipxe_uri_vectors.json";
        if (!std::filesystem::exists(file))
            GTEST_SKIP() << "shared conformance vectors not found at " << file;
        doc_ = nlohmann::json::parse(std::ifstream(file));
    }
    // Compares every field the vector lists (null = absent).
    static void expect_fields(const Uri& u, const nlohmann::json& v) {
        struct F {
            const char* key;
            UriField field;
        } fields[] = {{"scheme", UriField::scheme}, {"opaque", UriField::opaque},
                      {"user", UriField::user},     {"password", UriField::password},
                      {"host", UriField::host},     {"port", UriField::port},
                      {"path", UriField::path},     {"epath", UriField::epath},
                      {"equery", UriField::equery}, {"efragment", UriField::efragment},
                      {"query", UriField::equery},  {"fragment", UriField::efragment}};
        for (const F& f : fields) {
            if (!v.contains(f.key)) continue;
            SCOPED_TRACE(f.key);
            if (v[f.key].is_null()) {
                EXPECT_FALSE(u.has(f.field)) << "got '" << str(u.get(f.field)) << "'";
            } else {
                EXPECT_TRUE(u.has(f.field));
                EXPECT_EQ(str(u.get(f.field)), v[f.key].get<std::string>());
            }
        }
    }
    nlohmann::json doc_;
};

TEST_F(UriVectors, ParseAndFormat) {
    int n = 0;
    for (const auto& v : doc_["parse"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        std::string text = v["uri"];
        auto u = Uri::parse(view(text));
        ASSERT_TRUE(u.ok());
        expect_fields(*u, v);
        if (v["format_roundtrip"].get<bool>()) {
            EXPECT_EQ(format(*u), text);
            auto dup = u->clone();
            ASSERT_TRUE(dup.ok());
            expect_fields(*dup, v);
            EXPECT_EQ(format(*dup), text);
        }
        ++n;
    }
    EXPECT_EQ(n, 18);
}

TEST_F(UriVectors, Port) {
    for (const auto& v : doc_["port"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        auto u = Uri::parse(view(v["uri"].get<std::string>()));
        ASSERT_TRUE(u.ok());
        EXPECT_EQ(u->port_number(v["default_port"].get<uint32_t>()), v["port"].get<uint32_t>());
    }
}

TEST_F(UriVectors, Resolve) {
    // resolve_path entries are also resolved as URIs, as iPXE's tests do.
    for (const char* kind : {"resolve", "resolve_path"}) {
        for (const auto& v : doc_[kind]) {
            SCOPED_TRACE(v["name"].get<std::string>());
            auto base = Uri::parse(view(v["base"].get<std::string>()));
            ASSERT_TRUE(base.ok());
            auto resolved = resolve_uri(*base, view(v["relative"].get<std::string>()));
            ASSERT_TRUE(resolved.ok());
            EXPECT_EQ(format(*resolved), v["resolved"].get<std::string>());
        }
    }
}

TEST_F(UriVectors, ResolvePath) {
    for (const auto& v : doc_["resolve_path"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        String out;
        ASSERT_TRUE(
            resolve_path(view(v["base"].get<std::string>()), view(v["relative"].get<std::string>()), &out));
        EXPECT_EQ(std::string(out.c_str()), v["resolved"].get<std::string>());
    }
}

TEST_F(UriVectors, PxeUri) {
    for (const auto& v : doc_["pxe"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        uint16_t port = v["server_port"].is_null() ? 0 : v["server_port"].get<uint16_t>();
        auto u = pxe_uri(view(v["server"].get<std::string>()), port, view(v["filename"].get<std::string>()));
        ASSERT_TRUE(u.ok());
        expect_fields(*u, v);
        EXPECT_EQ(format(*u), v["string"].get<std::string>());
    }
}

TEST_F(UriVectors, Churi) {
    Uri cwuri;
    for (const auto& v : doc_["churi"]) {
        SCOPED_TRACE(v["relative"].get<std::string>());
        ASSERT_TRUE(change_working_uri(&cwuri, view(v["relative"].get<std::string>())).ok());
        EXPECT_EQ(format(cwuri), v["expected"].get<std::string>());
    }
}

TEST_F(UriVectors, Params) {
    for (const auto& v : doc_["params"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        auto u = Uri::parse(view(v["uri"].get<std::string>()));
        ASSERT_TRUE(u.ok());
        expect_fields(*u, v);
        EXPECT_TRUE(u->has_params());
        std::string want = v["params_name"].is_null() ? "" : v["params_name"].get<std::string>();
        EXPECT_EQ(str(u->params_name()), want);
    }
}

}  // namespace
}  // namespace carte
