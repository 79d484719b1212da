// platform/firmware/shell_hotkey: Ctrl-B inside the startup window becomes a shell request (and every
// later read a Ctrl-C, so waits end), outside it is an ordinary key; keys typed during DHCP
// count when drained; take() ends the watch.
#include "platform/firmware/shell_hotkey.h"

#include <gtest/gtest.h>

#include "runtime/platform/console.h"

namespace carte::fw {
namespace {

TEST(ShellHotkey, UnarmedPassesEverythingThrough) {
    ShellHotkey h;
    EXPECT_EQ(h.filter(key::ctrl_b, 0), key::ctrl_b);
    h.early_key(key::ctrl_b);
    EXPECT_FALSE(h.requested());
}

TEST(ShellHotkey, CtrlBBeforeDeadlineRequestsShellAndCancelsWaits) {
    ShellHotkey h;
    h.arm(2000);
    EXPECT_EQ(h.filter('a', 100), 'a');
    EXPECT_EQ(h.filter(key::none, 150), key::none);
    EXPECT_FALSE(h.requested());
    EXPECT_EQ(h.filter(key::ctrl_b, 1999), key::ctrl_c);
    EXPECT_TRUE(h.requested());
    // Whatever reads next (a menu, a download's interrupt poll) gives up too.
    EXPECT_EQ(h.filter(key::none, 2500), key::ctrl_c);
    EXPECT_EQ(h.filter(key::down, 2600), key::ctrl_c);
    EXPECT_TRUE(h.take());
    EXPECT_FALSE(h.requested());
    // The watch is over: the shell gets its keys, Ctrl-B included.
    EXPECT_EQ(h.filter(key::ctrl_b, 2700), key::ctrl_b);
    EXPECT_FALSE(h.requested());
}

TEST(ShellHotkey, CtrlBAfterDeadlineIsAnOrdinaryKey) {
    ShellHotkey h;
    h.arm(2000);
    EXPECT_EQ(h.filter(key::ctrl_b, 2000), key::ctrl_b);
    EXPECT_FALSE(h.requested());
    EXPECT_FALSE(h.take());
}

TEST(ShellHotkey, CtrlBTypedDuringDhcpCountsEvenLate) {
    ShellHotkey h;
    h.arm(2000);
    h.early_key('x');
    EXPECT_FALSE(h.requested());
    h.early_key(key::ctrl_b);
    EXPECT_TRUE(h.requested());
    EXPECT_TRUE(h.take());
}

}  // namespace
}  // namespace carte::fw
