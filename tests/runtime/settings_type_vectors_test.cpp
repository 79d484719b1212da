// The 62 setting-type vectors from iPXE's settings_test.c (ipxe_settings_vectors.json):
// storef (text -> bytes), fetchf (bytes -> text), storen (number -> bytes), fetchn (bytes -> number).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/settings/setting_type.h"

namespace carte {
namespace {

std::vector<uint8_t> from_hex(const std::string& hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string to_hex(const Vec<uint8_t>& v) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t b : v) s += digits[b >> 4], s += digits[b & 15];
    return s;
}

Str view(const std::string& s) {
    return Str(s.data(), s.size());
}

TEST(SettingTypeVectors, AllIpxeVectorsPass) {
    std::filesystem::path file =
        std::filesystem::path(CARTE_SHARED_DIR) / "conformance/ipxe_settings_vectors.json";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared conformance vectors not found at " << file;
    nlohmann::json doc = nlohmann::json::parse(std::ifstream(file));
    int passed = 0, total = 0;
    for (const auto& v : doc["vectors"]) {
        ++total;
        std::string op = v["op"], type_name = v["type"], raw_hex = v["raw_hex"];
        SCOPED_TRACE(op + " " + type_name + " " + raw_hex);
        const SettingType* type = find_setting_type(view(type_name));
        ASSERT_NE(type, nullptr);
        SettingTypeId id = setting_type_id(*type);
        std::vector<uint8_t> raw = from_hex(raw_hex);
        Bytes bytes(raw.data(), raw.size());
        bool ok = false;
        if (op == "storef_ok") {
            std::string text = v["formatted"];
            Vec<uint8_t> out;
            Status st = parse_setting(id, view(text), &out);
            EXPECT_TRUE(st.ok());
            EXPECT_EQ(to_hex(out), raw_hex);
            ok = st.ok() && to_hex(out) == raw_hex;
        } else if (op == "fetchf_ok") {
            std::string want = v["formatted"];
            String out;
            Status st = format_setting(id, bytes, &out);
            EXPECT_TRUE(st.ok());
            EXPECT_EQ(std::string(out.c_str()), want);
            ok = st.ok() && std::string(out.c_str()) == want;
        } else if (op == "storen_ok") {
            Vec<uint8_t> out;
            Status st = setting_number_to_bytes(id, v["numeric"].get<int64_t>(), &out);
            EXPECT_TRUE(st.ok());
            EXPECT_EQ(to_hex(out), raw_hex);
            ok = st.ok() && to_hex(out) == raw_hex;
        } else if (op == "fetchn_ok") {
            auto n = setting_bytes_to_number(id, bytes);
            ASSERT_TRUE(n.ok());
            EXPECT_EQ(*n, v["numeric"].get<int64_t>());
            ok = *n == v["numeric"].get<int64_t>();
        } else {
            ADD_FAILURE() << "unknown op " << op;
        }
        passed += ok;
    }
    EXPECT_EQ(total, 62);
    EXPECT_EQ(passed, total);
    std::printf("settings vectors: %d/%d passed\n", passed, total);
}

}  // namespace
}  // namespace carte
