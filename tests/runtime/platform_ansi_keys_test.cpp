// ansi_sequence_key (runtime/platform/ansi_keys.h), shared by the host terminal and the ROM's
// serial console, and the host's byte-stream decoder built on it.
#include <gtest/gtest.h>

#include <string>

#include "platform/host/host_keys.h"
#include "runtime/platform/ansi_keys.h"

namespace carte {
namespace {

TEST(AnsiKeys, CursorAndEditingKeys) {
    EXPECT_EQ(ansi_sequence_key("", 'A'), key::up);
    EXPECT_EQ(ansi_sequence_key("", 'B'), key::down);
    EXPECT_EQ(ansi_sequence_key("", 'C'), key::right);
    EXPECT_EQ(ansi_sequence_key("", 'D'), key::left);
    EXPECT_EQ(ansi_sequence_key("", 'H'), key::home);
    EXPECT_EQ(ansi_sequence_key("", 'F'), key::end);
    EXPECT_EQ(ansi_sequence_key("", 'Z'), key::tab);
    EXPECT_EQ(ansi_sequence_key("1", '~'), key::home);
    EXPECT_EQ(ansi_sequence_key("7", '~'), key::home);
    EXPECT_EQ(ansi_sequence_key("4", '~'), key::end);
    EXPECT_EQ(ansi_sequence_key("8", '~'), key::end);
    EXPECT_EQ(ansi_sequence_key("3", '~'), key::del);
    EXPECT_EQ(ansi_sequence_key("5", '~'), key::page_up);
    EXPECT_EQ(ansi_sequence_key("6", '~'), key::page_down);
}

TEST(AnsiKeys, ModifiersKeepTheBaseKey) {
    EXPECT_EQ(ansi_sequence_key("1;5", 'A'), key::up);       // Ctrl-Up
    EXPECT_EQ(ansi_sequence_key("5;5", '~'), key::page_up);  // Ctrl-PgUp
    EXPECT_EQ(ansi_sequence_key("3;2", '~'), key::del);
}

TEST(AnsiKeys, SequencesWeDoNotUseNameNoKey) {
    EXPECT_EQ(ansi_sequence_key("2", '~'), key::none);   // Insert
    EXPECT_EQ(ansi_sequence_key("15", '~'), key::none);  // F5
    EXPECT_EQ(ansi_sequence_key("11", '~'), key::none);  // F1 (not Home)
    EXPECT_EQ(ansi_sequence_key("", 'P'), key::none);    // SS3 F1
    EXPECT_EQ(ansi_sequence_key("", '~'), key::none);
    EXPECT_FALSE(is_ansi_final_byte('5'));
    EXPECT_TRUE(is_ansi_final_byte('~'));
}

TEST(AnsiKeys, HostDecoderReadsAStreamOfKeys) {
    std::string bytes = "a\x1b[B\x1b[1;5C\x1bOH\x1b[5~\r\x7f";
    std::vector<int> keys;
    for (int k; (k = host::decode_terminal_key(&bytes)) != key::none;) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<int>{'a', key::down, key::right, key::home, key::page_up, key::enter,
                                      key::backspace}));
    EXPECT_TRUE(bytes.empty());
    // An incomplete sequence waits for the rest.
    bytes = "\x1b[1;";
    EXPECT_EQ(host::decode_terminal_key(&bytes), key::none);
    EXPECT_EQ(bytes, "\x1b[1;");
}

}  // namespace
}  // namespace carte
