// KeyQueue (runtime/platform/key_queue.h) and the host platform's interrupt_pending, which keeps
// keys typed ahead of the program and drops them at a Ctrl-C.
#include <gtest/gtest.h>

#include "runtime/platform/key_queue.h"
#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

TEST(KeyQueue, FirstInFirstOutAndBounded) {
    KeyQueue q;
    EXPECT_EQ(q.pop(), key::none);
    q.push('a');
    q.push(key::none);  // not a key: ignored
    q.push(key::down);
    EXPECT_EQ(q.size(), 2u);
    EXPECT_EQ(q.pop(), 'a');
    EXPECT_EQ(q.pop(), key::down);
    EXPECT_EQ(q.pop(), key::none);
    for (size_t i = 0; i < KeyQueue::kCapacity + 3; ++i) q.push(int('0' + i % 10));
    EXPECT_EQ(q.size(), KeyQueue::kCapacity);
    EXPECT_EQ(q.pop(), '0');  // the oldest are kept, the overflow dropped
    q.clear();
    EXPECT_EQ(q.pop(), key::none);
}

TEST(HostPlatformKeys, InterruptPendingKeepsOtherKeysAndCtrlCDropsThem) {
    test::Harness h("a,b,ctrl-c,c,d");
    EXPECT_FALSE(h.platform.interrupt_pending());  // a
    EXPECT_FALSE(h.platform.interrupt_pending());  // b
    EXPECT_TRUE(h.platform.interrupt_pending());   // Ctrl-C: a and b go
    EXPECT_FALSE(h.platform.interrupt_pending());  // c
    EXPECT_EQ(h.platform.read_key(0), 'c');
    EXPECT_EQ(h.platform.read_key(0), 'd');
    EXPECT_EQ(h.platform.read_key(0), key::none);
}

}  // namespace
}  // namespace carte
